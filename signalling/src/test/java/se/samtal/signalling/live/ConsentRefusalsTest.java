package se.samtal.signalling.live;

import org.junit.jupiter.api.Test;
import se.samtal.protocol.ErrorCode;
import se.samtal.recording.session.RecordingRefused;
import se.samtal.recording.session.Refusal;

import static org.assertj.core.api.Assertions.assertThat;

/** Every refusal of the recording rules is a typed error that names no one. */
class ConsentRefusalsTest {

    @Test
    void everyRefusalIsATypedErrorWithoutPersonalData() {
        for (Refusal refusal : Refusal.values()) {
            var error = ConsentRefusals.error(new RecordingRefused(refusal));
            assertThat(error.code()).isNotIn(ErrorCode.INTERNAL_ERROR, ErrorCode.BAD_REQUEST);
            assertThat(error.getMessage()).isEqualTo(refusal.explanation());
        }
        assertThat(ConsentRefusals.error(new RecordingRefused(Refusal.CONSENT_REFUSED)).code()).isEqualTo(ErrorCode.CONSENT_REFUSED);
        assertThat(ConsentRefusals.error(new RecordingRefused(Refusal.DISABLED)).code()).isEqualTo(ErrorCode.RECORDING_DISABLED);
        assertThat(ConsentRefusals.error(new RecordingRefused(Refusal.NOT_THEIR_GUARDIAN)).code()).isEqualTo(ErrorCode.FORBIDDEN);
    }
}
