package se.samtal.server.recording;

import org.junit.jupiter.api.Test;
import se.samtal.protocol.recording.ConsentDecision;
import se.samtal.protocol.recording.ConsentState;
import se.samtal.protocol.recording.RecorderState;
import se.samtal.protocol.recording.RecordingPhase;
import se.samtal.protocol.recording.RecordingReason;
import se.samtal.recording.consent.ConsentStatus;
import se.samtal.recording.consent.Decision;
import se.samtal.recording.session.Phase;
import se.samtal.recording.session.RecorderStatus;
import se.samtal.recording.session.Reason;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules and the wire name the same things: every constant has its counterpart (each refusal's code: ConsentRefusalsTest). */
class RecordingWireTest {

    private static String[] names(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(Enum::name).toArray(String[]::new);
    }

    @Test
    void everyStateOfTheRulesHasItsWireName() {
        assertThat(names(RecordingPhase.class)).containsExactly(names(Phase.class));
        assertThat(names(RecorderState.class)).containsExactly(names(RecorderStatus.class));
        assertThat(names(RecordingReason.class)).containsExactly(names(Reason.class));
        assertThat(names(ConsentState.class)).containsExactly(names(ConsentStatus.class));
        assertThat(names(ConsentDecision.class)).containsExactly(names(Decision.class));
        assertThat(ConsentDecision.fromWire("withdraw")).isEqualTo(ConsentDecision.WITHDRAW);
        assertThat(RecordingReason.CONSENT_COMPLETE.wire()).isEqualTo("consent_complete");
    }
}
