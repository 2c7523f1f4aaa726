package se.samtal.server.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.ServerMessage;
import se.samtal.server.testing.ChatTesting;
import se.samtal.server.testing.SamtalCluster;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis is killed (SIGKILL) while two nodes carry a visit and both sides write, and started again
 * on its append-only file ({@code appendfsync always}). The nodes are not ready while it is away
 * and get ready again by themselves; the visit goes on; nothing acknowledged is lost or doubled.
 */
class RedisRestartIT {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @RegisterExtension
    static final SamtalCluster cluster = SamtalCluster.of(2, ChatWriter.UNTHROTTLED);

    @Test
    void nodesRecoverByThemselvesAndNothingAcknowledgedIsLost() throws Exception {
        var visit = cluster.admittedVisit(0, 0, 1);
        SamtalConnection therapist = visit.therapist();
        SamtalConnection patient = visit.patient();
        String patientId = visit.patientId();

        try (var fromTherapist = ChatWriter.writing(therapist, "t");
             var fromPatient = ChatWriter.writing(patient, "p")) {

            cluster.redis().kill();
            await().atMost(WAIT).until(() -> !cluster.ready(0) && !cluster.ready(1));
            assertThat(therapist.isOpen()).as("clients stay connected while Redis is away").isTrue();
            cluster.redis().restart();
            await().atMost(Duration.ofSeconds(30)).until(() -> cluster.ready(0) && cluster.ready(1));

            fromTherapist.resumeOn(therapist);
            fromPatient.resumeOn(patient);
            fromTherapist.awaitAcked(fromTherapist.acked() + 10);
            fromPatient.awaitAcked(fromPatient.acked() + 10);
            fromTherapist.stopAndResendUnacked();
            fromPatient.stopAndResendUnacked();
            ChatWriter.assertExactlyOnceInOrder(ChatTesting.readAll(therapist), fromTherapist, fromPatient);
        }

        // The visit goes on: a change on one node reaches the other, in the same stream.
        ChatTesting.await(patient.request(id -> new ClientMessage.SetMedia(id, null, false, null)));
        var seen = therapist.awaitEvent(ServerMessage.Presence.class, p -> !p.participant().media().camera(), WAIT);
        assertThat(seen.participant().participantId()).isEqualTo(patientId);
        SamtalConnection late = cluster.client().join(cluster.ws(1), cluster.guestLink(0, visit.links().get("session"), "guest-1"));
        assertThat(late.welcome().seq()).isGreaterThan(seen.seq());
        therapist.close();
        patient.close();
        late.close();
    }
}
