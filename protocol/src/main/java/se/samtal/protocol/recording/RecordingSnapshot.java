package se.samtal.protocol.recording;

/**
 * The recording state in {@code welcome}, for a session that may be recorded (absent otherwise).
 *
 * @param requestedBy   the participant whose request stands, if any
 * @param reason        why the state last changed, if anything has happened
 * @param youMayRequest whether the recipient's role may ask for a recording and stop it
 * @param consentText   the text everyone is shown before answering
 */
public record RecordingSnapshot(RecordingPhase phase, RecorderState recorder, String requestedBy, RecordingReason reason,
                                boolean youMayRequest, ConsentText consentText) {
}
