package se.samtal.protocol.recording;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import se.samtal.protocol.WireNames;

/**
 * Why the recording state last changed: {@code requested}, {@code consent_complete} (everyone
 * said yes), {@code consent_missing} (someone without a yes came in), {@code refused},
 * {@code withdrawn}, {@code stopped}, {@code requester_left}, {@code recorder_stopped},
 * {@code recorder_failed}, {@code session_ended}.
 */
public enum RecordingReason {
    REQUESTED, CONSENT_COMPLETE, CONSENT_MISSING, REFUSED, WITHDRAWN, STOPPED, REQUESTER_LEFT, RECORDER_STOPPED,
    RECORDER_FAILED, SESSION_ENDED;

    @JsonValue
    public String wire() {
        return WireNames.of(this);
    }

    @JsonCreator
    public static RecordingReason fromWire(String wire) {
        return WireNames.lookup(values(), wire);
    }
}
