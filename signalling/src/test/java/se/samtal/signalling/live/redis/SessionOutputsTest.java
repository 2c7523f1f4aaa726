package se.samtal.signalling.live.redis;

import org.junit.jupiter.api.Test;
import se.samtal.protocol.CloseCodes;
import se.samtal.protocol.IceCandidate;
import se.samtal.protocol.MediaState;
import se.samtal.protocol.PresenceState;
import se.samtal.protocol.Role;
import se.samtal.protocol.SessionDescription;
import se.samtal.protocol.Stage;
import se.samtal.protocol.recording.ConsentText;
import se.samtal.recording.consent.Consent;
import se.samtal.recording.session.PartyConsent;
import se.samtal.recording.session.Phase;
import se.samtal.recording.session.RecorderStatus;
import se.samtal.recording.session.RecordingView;
import se.samtal.signalling.feed.LinkRef;
import se.samtal.signalling.feed.Output;
import se.samtal.signalling.feed.SessionFact;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A change's outputs cross the bus as facts and arrive as the same facts, in the same order; attaching stays home. */
class SessionOutputsTest {
    private static final Instant AT = Instant.parse("2026-11-23T09:00:00Z");
    private final SessionOutputs outputs = new SessionOutputs();

    @Test
    void everyKindOfFactThatTravelsComesBackTheSame() {
        var someone = new SessionFact.Participant("p_1", Role.PATIENT, "Pim \"P\" Ö", PresenceState.RECONNECTING, Stage.IN_CALL,
                new MediaState(false, true, false), null, new PartyConsent(Consent.given(AT, "v1", null), Consent.NOT_ASKED));
        var link = new LinkRef("n_a", "c_1");
        List<Output> sent = List.of(
                new Output.Event(new SessionFact.ParticipantChanged(7, someone), "p_1"),
                new Output.Event(new SessionFact.RecordingChanged(8, new RecordingView(Phase.OFF, RecorderStatus.IDLE, null, null)), null),
                new Output.Event(new SessionFact.EndNear(9, AT, null), null),
                new Output.Direct("p_1", link, new SessionFact.PeerChanged("p_2", true, 3)),
                new Output.Direct("p_1", link, new SessionFact.Signalled("p_2", 3, new SessionDescription("offer", "v=0\r\n"), null)),
                new Output.Direct("p_1", link, new SessionFact.Signalled("p_2", 3, null, new IceCandidate("candidate:1", "0", 0, null))),
                new Output.Direct("p_1", link, new SessionFact.ConsentAsked("p_1", false, new ConsentText("v1", Map.of("sv", "Får vi spela in?")))),
                new Output.Close(link, CloseCodes.REPLACED, "joined from another connection"),
                new Output.Detach(link),
                new Output.Event(new SessionFact.Ended(10, "ended_by_host"), null));

        var received = outputs.decode(outputs.encode("n_a", "st_1", sent));

        assertThat(received.origin()).isEqualTo("n_a");
        assertThat(received.streamId()).isEqualTo("st_1");
        assertThat(received.outputs()).isEqualTo(sent);
    }

    @Test
    void aChangeThatOnlyAttachesSendsNothing() {
        var attach = new Output.Attach(null, "p_1", false, 3, List.of(), () -> { });

        assertThat(outputs.encode("n_a", "st_1", List.of(attach))).isNull();
    }
}
