package se.samtal.recording.session;

/** The rules refused a request; nothing changed. */
public final class RecordingRefused extends RuntimeException {
    private final Refusal refusal;

    public RecordingRefused(Refusal refusal) {
        super(refusal.explanation(), null, false, false);
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }
}
