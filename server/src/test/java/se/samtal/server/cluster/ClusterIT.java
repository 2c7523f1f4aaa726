package se.samtal.server.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.IceCandidate;
import se.samtal.protocol.ParticipantView;
import se.samtal.protocol.PresenceState;
import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.SessionDescription;
import se.samtal.protocol.Stage;
import se.samtal.server.testing.SamtalCluster;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samtal.server.testing.ChatTesting.await;
import static se.samtal.server.testing.ChatTesting.send;
import static se.samtal.server.testing.ChatTesting.subscribe;

/**
 * Two samtal processes sharing one Redis, as behind a load balancer: the two people of a visit
 * on different nodes get everything they would on one node — the waiting room, the call with its
 * signalling, the session's chat, and one order of events with the same {@code seq} on both.
 */
class ClusterIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final SessionDescription OFFER = new SessionDescription("offer", "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
    private static final SessionDescription ANSWER = new SessionDescription("answer", "v=0\r\no=- 2 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
    private static final IceCandidate CANDIDATE = new IceCandidate("candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host", "0", 0, null);

    @RegisterExtension
    static final SamtalCluster cluster = SamtalCluster.of(2, "presence: {reconnectGrace: 20s}\n");

    @Test
    void aTherapistOnOneNodeAdmitsAPatientOnAnotherAndTheyCallAndWriteToEachOther() throws Exception {
        Map<String, String> visit = cluster.bookVisit(0);
        SamtalConnection therapist = cluster.client().join(cluster.ws(0), visit.get("therapist-1"));
        SamtalConnection patient = cluster.client().join(cluster.ws(1), visit.get("patient-1"));
        String therapistId = therapist.welcome().you().participantId();
        String patientId = patient.welcome().you().participantId();

        // The waiting room, across nodes.
        assertThat(patient.welcome().you().stage()).isEqualTo(Stage.WAITING);
        assertThat(patient.welcome().participants()).extracting(ParticipantView::participantId).containsExactly(therapistId, patientId);
        var waiting = therapist.awaitEvent(ServerMessage.Presence.class, p -> p.participant().participantId().equals(patientId), WAIT);
        assertThat(waiting.participant().stage()).isEqualTo(Stage.WAITING);
        assertThat(waiting.seq()).isEqualTo(patient.welcome().seq());
        await(therapist.request(id -> new ClientMessage.Admit(id, patientId)));
        var admitted = patient.awaitEvent(ServerMessage.Presence.class, p -> p.participant().stage() == Stage.ADMITTED, WAIT);
        assertThat(admitted.participant().participantId()).isEqualTo(patientId);

        // The call and its signalling, relayed from one node to the other and back.
        await(therapist.request(ClientMessage.JoinCall::new));
        await(patient.request(ClientMessage.JoinCall::new));
        var therapistPeer = therapist.awaitEvent(ServerMessage.CallPeer.class, p -> p.peer() != null, WAIT);
        var patientPeer = patient.awaitEvent(ServerMessage.CallPeer.class, p -> p.peer() != null, WAIT);
        assertThat(therapistPeer.peer()).isEqualTo(patientId);
        assertThat(patientPeer.peer()).isEqualTo(therapistId);
        assertThat(therapistPeer.polite()).isNotEqualTo(patientPeer.polite());
        assertThat(therapistPeer.epoch()).isEqualTo(patientPeer.epoch());
        long epoch = patientPeer.epoch();
        await(therapist.request(id -> new ClientMessage.Signal(id, patientId, epoch, OFFER, null)));
        await(therapist.request(id -> new ClientMessage.Signal(id, patientId, epoch, null, CANDIDATE)));
        var offer = patient.awaitEvent(ServerMessage.Relayed.class, r -> r.description() != null, WAIT);
        assertThat(offer.from()).isEqualTo(therapistId);
        assertThat(offer.description()).isEqualTo(OFFER);
        assertThat(patient.awaitEvent(ServerMessage.Relayed.class, r -> r.candidate() != null, WAIT).candidate()).isEqualTo(CANDIDATE);
        await(patient.request(id -> new ClientMessage.Signal(id, therapistId, epoch, ANSWER, null)));
        assertThat(therapist.awaitEvent(ServerMessage.Relayed.class, r -> r.description() != null, WAIT).description()).isEqualTo(ANSWER);

        // The session's chat, written on both nodes.
        subscribe(therapist, null);
        subscribe(patient, null);
        var hej = send(therapist, "Hej Pim, hör du mig?");
        var seen = patient.awaitEvent(ServerMessage.ChatMessage.class, m -> true, WAIT);
        assertThat(seen.message().seq()).isEqualTo(hej.message().seq());
        assertThat(seen.message().text()).isEqualTo("Hej Pim, hör du mig?");
        var reply = send(patient, "Ja, bra!");
        assertThat(therapist.awaitEvent(ServerMessage.ChatMessage.class, m -> true, WAIT).message().seq()).isEqualTo(reply.message().seq());
        assertThat(reply.message().seq()).isEqualTo(hej.message().seq() + 1);

        // One order of events for both: the same seq for the same change, whichever node made it.
        await(patient.request(id -> new ClientMessage.SetMedia(id, null, false, null)));
        var onTherapist = therapist.awaitEvent(ServerMessage.Presence.class, p -> !p.participant().media().camera(), WAIT);
        var onPatient = patient.awaitEvent(ServerMessage.Presence.class, p -> !p.participant().media().camera(), WAIT);
        assertThat(onTherapist).isEqualTo(onPatient);

        // The platform sees the live session through either node.
        var live = cluster.api(1, "GET", "/api/v1/sessions/" + visit.get("session"), null).body().get("live").get("participants");
        assertThat(live).hasSize(2);
        assertThat(live.findValuesAsText("presence")).containsOnly(PresenceState.JOINED.wire());
        therapist.close();
        patient.close();
    }

    @Test
    void someoneWhoDropsOffOneNodeResumesOnTheOtherWithWhatTheyMissed() throws Exception {
        var visit = cluster.admittedVisit(1, 0, 1);
        SamtalConnection therapist = visit.therapist();
        SamtalConnection patient = visit.patient();
        String patientId = visit.patientId();

        patient.close(); // dropped, no goodbye
        var dropped = therapist.awaitEvent(ServerMessage.Presence.class, p -> p.participant().participantId().equals(patientId)
                && p.participant().presence() != PresenceState.JOINED, WAIT);
        assertThat(dropped.participant().presence()).isEqualTo(PresenceState.RECONNECTING);
        await(therapist.request(id -> new ClientMessage.SetMedia(id, false, null, null)));
        var missed = therapist.awaitEvent(ServerMessage.Presence.class, p -> !p.participant().media().microphone(), WAIT);

        SamtalConnection back = cluster.client().resume(cluster.ws(0), patient);
        assertThat(back.welcome().you().participantId()).isEqualTo(patientId);
        assertThat(back.welcome().you().stage()).as("the place is kept: no new admission").isEqualTo(Stage.ADMITTED);
        assertThat(back.welcome().recovered()).isTrue();
        var replayed = back.awaitEvent(ServerMessage.Presence.class, p -> p.seq() == missed.seq(), WAIT);
        assertThat(replayed).isEqualTo(missed);
        var joined = therapist.awaitEvent(ServerMessage.Presence.class, p -> p.participant().participantId().equals(patientId), WAIT);
        assertThat(joined.participant().presence()).as("back, not left").isEqualTo(PresenceState.JOINED);
        assertThat(back.welcome().seq()).as("the welcome covers the resume's own event").isEqualTo(joined.seq());
        therapist.close();
        back.close();
    }
}
