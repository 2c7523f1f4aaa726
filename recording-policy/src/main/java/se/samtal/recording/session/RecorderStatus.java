package se.samtal.recording.session;

/**
 * What the recorder has confirmed, and what it has been told but not yet confirmed. A recording
 * indicator must follow this, not the commands: {@code STARTING} means nothing is confirmed yet,
 * {@code PAUSING} and {@code STOPPING} mean media may still be recorded.
 */
public enum RecorderStatus {
    IDLE, STARTING, RECORDING, PAUSING, PAUSED, RESUMING, STOPPING;

    /** Whether media may be being written into a recording right now (confirmed, or not yet confirmed stopped). */
    public boolean mayBeRecording() {
        return this != IDLE && this != PAUSED;
    }
}
