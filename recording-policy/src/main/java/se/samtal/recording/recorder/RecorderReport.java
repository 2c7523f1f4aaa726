package se.samtal.recording.recorder;

/** What a recorder did. {@code FAILED} means it is not recording, whatever was asked. */
public enum RecorderReport {
    STARTED, PAUSED, RESUMED, STOPPED, FAILED
}
