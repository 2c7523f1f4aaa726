package se.samtal.server.cluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.ParticipantView;
import se.samtal.protocol.PresenceState;
import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.SessionDescription;
import se.samtal.protocol.Stage;
import se.samtal.server.testing.ChatTesting;
import se.samtal.server.testing.SamtalCluster;
import se.samtal.server.testing.WebhookReceiver;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samtal.server.testing.ChatTesting.await;

/**
 * A node dies (SIGKILL) in the middle of a visit while both sides are writing: its clients
 * reconnect to a surviving node and resume. The others see "reconnecting", never "left"; the
 * waiting room keeps its order; the call is negotiated again; every acknowledged message is
 * there exactly once, in order. The platform was away all the while: once it is back, the webhooks
 * of the visit reach it from the surviving nodes (also those the dead node had claimed), each once
 * and in order.
 */
class NodeLossIT {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static final WebhookReceiver platform = new WebhookReceiver();

    @RegisterExtension
    static final SamtalCluster cluster = SamtalCluster.of(3, ChatWriter.UNTHROTTLED
            + "webhooks: {timeout: 1s, initialBackoff: 200ms, maxBackoff: 1s, maxAttempts: 100}\n", platform.tenantYaml());

    @AfterAll
    static void stopPlatform() {
        platform.close();
    }

    @Test
    void clientsOfAKilledNodeResumeElsewhereAndNothingAcknowledgedIsLostOrDoubled() throws Exception {
        platform.down(true);
        // Node 0 is the one that dies: the therapist and the first in the waiting room are on it.
        var visit = cluster.admittedVisit(1, 0, 1);
        var client = cluster.client();
        SamtalConnection therapist = visit.therapist();
        SamtalConnection patient = visit.patient();
        SamtalConnection firstWaiting = client.join(cluster.ws(0), visit.links().get("patient-2"));
        SamtalConnection secondWaiting = client.join(cluster.ws(2), cluster.guestLink(1, visit.links().get("session"), "guest-1"));
        String therapistId = visit.therapistId();
        String patientId = visit.patientId();
        await(therapist.request(ClientMessage.JoinCall::new));
        await(patient.request(ClientMessage.JoinCall::new));
        long epoch = patient.awaitEvent(ServerMessage.CallPeer.class, p -> p.peer() != null, WAIT).epoch();

        // Both write without pause; node 0 dies under the therapist's feet.
        try (var fromTherapist = ChatWriter.writing(therapist, "t");
             var fromPatient = ChatWriter.writing(patient, "p")) {
            cluster.kill(0);

            var reconnecting = patient.awaitEvent(ServerMessage.Presence.class,
                    p -> p.participant().participantId().equals(therapistId), WAIT);
            assertThat(reconnecting).as("the therapist's place is kept").isNotNull();
            assertThat(reconnecting.participant().presence()).isEqualTo(PresenceState.RECONNECTING);
            assertThat(reconnecting.participant().stage()).isEqualTo(Stage.IN_CALL);

            // The therapist's client reconnects to a surviving node and resumes.
            SamtalConnection therapistBack = client.resume(cluster.ws(2), therapist);
            assertThat(therapistBack.welcome().you().participantId()).isEqualTo(therapistId);
            assertThat(therapistBack.welcome().you().stage()).isEqualTo(Stage.IN_CALL);
            assertThat(therapistBack.welcome().recovered()).isTrue();
            var peerAgain = therapistBack.awaitEvent(ServerMessage.CallPeer.class, p -> true, WAIT);
            assertThat(peerAgain.peer()).isEqualTo(patientId);
            assertThat(peerAgain.epoch()).as("same epoch: keep the peer connection, restart ICE").isEqualTo(epoch);
            assertThat(patient.awaitEvent(ServerMessage.Presence.class, p -> p.participant().participantId().equals(therapistId)
                    && p.participant().presence() == PresenceState.JOINED, WAIT)).isNotNull();

            // The waiting room kept its order; the one who waits longest is still first.
            SamtalConnection firstBack = client.resume(cluster.ws(1), firstWaiting);
            var waitingNow = therapistBack.welcome().participants().stream()
                    .filter(p -> p.stage() == Stage.WAITING).map(ParticipantView::participantId).toList();
            assertThat(waitingNow).containsExactly(firstWaiting.welcome().you().participantId(),
                    secondWaiting.welcome().you().participantId());
            assertThat(firstBack.welcome().you().waitingSince()).isEqualTo(firstWaiting.welcome().you().waitingSince());
            assertThat(firstBack.welcome().you().stage()).isEqualTo(Stage.WAITING);

            // The call is negotiated again, between the patient's node and the therapist's new one.
            await(therapistBack.request(ClientMessage.JoinCall::new));
            long fresh = patient.awaitEvent(ServerMessage.CallPeer.class, p -> p.epoch() > epoch, WAIT).epoch();
            var offer = new SessionDescription("offer", "v=0\r\no=- 9 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
            await(therapistBack.request(id -> new ClientMessage.Signal(id, patientId, fresh, offer, null)));
            assertThat(patient.awaitEvent(ServerMessage.Relayed.class, r -> r.epoch() == fresh, WAIT).description()).isEqualTo(offer);

            // The therapist's client sends again what it never saw acknowledged, on the new connection.
            fromTherapist.resumeOn(therapistBack);
            fromTherapist.awaitAcked(fromTherapist.acked() + 10);
            fromPatient.awaitAcked(fromPatient.acked() + 10);
            fromTherapist.stopAndResendUnacked();
            fromPatient.stopAndResendUnacked();

            var stored = ChatTesting.readAll(patient);
            ChatWriter.assertExactlyOnceInOrder(stored, fromTherapist, fromPatient);
            therapistBack.close();
            firstBack.close();
        }
        await().atMost(WAIT).until(() -> platform.refused() > 0);
        platform.down(false);
        await().atMost(Duration.ofSeconds(30)).until(() -> platform.ofType("participant.joined").size() >= 4);
        var delivered = platform.all();
        assertThat(delivered).extracting(d -> d.json().get("id").asText()).as("each event once: one node delivers it")
                .doesNotHaveDuplicates();
        assertThat(delivered).extracting(WebhookReceiver.Delivery::type).first().isEqualTo("session.started");
        assertThat(delivered).filteredOn(d -> d.type().equals("participant.joined"))
                .extracting(d -> d.json().get("data").get("participantRef").asText())
                .containsExactly("therapist-1", "patient-1", "patient-2", "guest-1");
        patient.close();
        secondWaiting.close();
    }
}
