package se.samtal.recording.session;

/**
 * The recording state everyone in a session is shown: the same for all.
 *
 * @param requestedBy the participant whose request stands, or null
 * @param reason      why it last changed, or null if nothing has happened yet
 */
public record RecordingView(Phase phase, RecorderStatus recorder, String requestedBy, Reason reason) {
    public static final RecordingView OFF = new RecordingView(Phase.OFF, RecorderStatus.IDLE, null, null);
}
