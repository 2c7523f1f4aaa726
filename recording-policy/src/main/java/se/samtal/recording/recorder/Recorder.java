package se.samtal.recording.recorder;

import se.samtal.recording.consent.ConsentRecord;

import java.util.List;

/**
 * The port through which samtal tells a recorder what to do. A recorder needs the session's
 * media to pass a server (a video bridge); samtal has none yet, so the only implementations are
 * one that refuses every start and, in tests, a fake that behaves like a recorder would.
 *
 * <p>Every call returns at once: samtal calls them while a session's state is locked, in the
 * order the rules decided them, and the recorder must carry them out in that order. What the
 * recorder actually did comes back later through the {@link RecorderReports} given to
 * {@link #start}; the recording indicator everyone sees follows those reports, not the commands.
 */
public interface Recorder {

    /** Start a new recording. Report {@code STARTED} once media is being recorded, or {@code FAILED}. */
    void start(RecordingTarget target, RecorderReports reports);

    /** Stop writing media into the recording for now; report {@code PAUSED}. */
    void pause(String recordingId);

    /**
     * Write media into the recording again; report {@code RESUMED}.
     *
     * @param consents the consent evidence of everyone in the session now (someone new may have said yes)
     */
    void resume(String recordingId, List<ConsentRecord> consents);

    /** End the recording for good; report {@code STOPPED}. Also valid before {@code STARTED} was reported. */
    void stop(String recordingId);
}
