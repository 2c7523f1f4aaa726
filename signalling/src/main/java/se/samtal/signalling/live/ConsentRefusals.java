package se.samtal.signalling.live;

import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.recording.session.RecordingRefused;

/** The typed error for each refusal of the recording rules; the message names no one. */
final class ConsentRefusals {
    private ConsentRefusals() {
    }

    static SamtalException error(RecordingRefused refused) {
        ErrorCode code = switch (refused.refusal()) {
            case DISABLED -> ErrorCode.RECORDING_DISABLED;
            case NOT_A_REQUESTER, NOT_THEIR_GUARDIAN, ANOTHER_GUARDIAN_SAID_NO -> ErrorCode.FORBIDDEN;
            case NOT_IN_ROOM -> ErrorCode.NOT_ADMITTED;
            case CONSENT_REFUSED -> ErrorCode.CONSENT_REFUSED;
            case UNKNOWN_PARTICIPANT -> ErrorCode.NOT_FOUND;
            case TEXT_VERSION_MISMATCH, NOTHING_TO_REOPEN -> ErrorCode.CONFLICT;
        };
        return new SamtalException(code, refused.refusal().explanation());
    }
}
