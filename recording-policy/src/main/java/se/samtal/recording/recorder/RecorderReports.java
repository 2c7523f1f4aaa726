package se.samtal.recording.recorder;

/** Where a recorder reports what it did with a recording. May be called from any thread. */
@FunctionalInterface
public interface RecorderReports {
    void report(String recordingId, RecorderReport report);
}
