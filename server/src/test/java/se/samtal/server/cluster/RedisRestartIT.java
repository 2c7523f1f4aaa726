package se.samtal.server.cluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samtal.client.SamtalClient;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.Stage;
import se.samtal.server.testing.SamtalCluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samtal.server.testing.ChatTesting.subscribe;

/**
 * Redis is killed (SIGKILL) while two nodes carry a visit and both sides write, and started again
 * on its append-only file ({@code appendfsync always}). The nodes are not ready while it is away
 * and get ready again by themselves; the visit goes on; nothing acknowledged is lost or doubled.
 */
class RedisRestartIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String CONFIG = """
            presence: {reconnectGrace: 30s}
            gateway: {requestBurst: 1000}
            chat: {messagesPerMinute: 6000, messageBurst: 1000}
            """;

    @TempDir
    static Path dir;
    private static SamtalCluster cluster;
    private static SamtalClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = SamtalCluster.start(dir, 2, CONFIG);
        client = SamtalClient.create();
    }

    @AfterAll
    static void stop() {
        client.close();
        cluster.close();
    }

    @Test
    void nodesRecoverByThemselvesAndNothingAcknowledgedIsLost() throws Exception {
        Map<String, String> visit = cluster.bookVisit(0);
        SamtalConnection therapist = client.join(cluster.ws(0), visit.get("therapist-1"));
        SamtalConnection patient = client.join(cluster.ws(1), visit.get("patient-1"));
        String patientId = patient.welcome().you().participantId();
        se.samtal.server.testing.ChatTesting.await(therapist.request(id -> new ClientMessage.Admit(id, patientId)));
        patient.awaitEvent(ServerMessage.Presence.class, p -> p.participant().stage() == Stage.ADMITTED, WAIT);
        subscribe(therapist, null);
        subscribe(patient, null);

        try (var fromTherapist = new ChatWriter(therapist, "t");
             var fromPatient = new ChatWriter(patient, "p")) {
            fromTherapist.start();
            fromPatient.start();
            fromTherapist.awaitAcked(20);
            fromPatient.awaitAcked(20);

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
            ChatWriter.assertExactlyOnceInOrder(ChatWriter.readAll(therapist), fromTherapist, fromPatient);
        }

        // The visit goes on: a change on one node reaches the other, in the same stream.
        se.samtal.server.testing.ChatTesting.await(patient.request(id -> new ClientMessage.SetMedia(id, null, false, null)));
        var seen = therapist.awaitEvent(ServerMessage.Presence.class, p -> !p.participant().media().camera(), WAIT);
        assertThat(seen.participant().participantId()).isEqualTo(patientId);
        SamtalConnection late = client.join(cluster.ws(1), cluster.guestLink(0, visit.get("session"), "guest-1"));
        assertThat(late.welcome().seq()).isGreaterThan(seen.seq());
        therapist.close();
        patient.close();
        late.close();
    }
}
