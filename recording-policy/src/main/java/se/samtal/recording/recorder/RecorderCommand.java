package se.samtal.recording.recorder;

/** What the rules tell the recorder to do. */
public enum RecorderCommand {
    START, PAUSE, RESUME, STOP;

    /** Whether the command lets media into the recording (and so needs everyone's consent). */
    public boolean records() {
        return this == START || this == RESUME;
    }
}
