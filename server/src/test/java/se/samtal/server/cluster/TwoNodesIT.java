package se.samtal.server.cluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.Stage;
import se.samtal.redis.testing.RedisServer;
import se.samtal.server.testing.TestServer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class TwoNodesIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static RedisServer redis;
    private static TestServer a;
    private static TestServer b;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        a = TestServer.start(c -> c.putObject("redis").put("url", redis.url()));
        b = TestServer.start(c -> c.putObject("redis").put("url", redis.url()));
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
        redis.close();
    }

    @Test
    void smoke() throws Exception {
        String session = a.bookSession();
        SamtalConnection therapist = a.join(a.link(session, "therapist-1"));
        SamtalConnection patient = b.join(b.link(session, "patient-1"));
        String patientId = patient.welcome().you().participantId();
        var waiting = therapist.awaitEvent(ServerMessage.Presence.class, p -> p.participant().participantId().equals(patientId), WAIT);
        assertThat(waiting).isNotNull();
        therapist.request(id -> new ClientMessage.Admit(id, patientId)).get(10, TimeUnit.SECONDS);
        var admitted = patient.awaitEvent(ServerMessage.Presence.class,
                p -> p.participant().participantId().equals(patientId) && p.participant().stage() == Stage.ADMITTED, WAIT);
        assertThat(admitted).isNotNull();
    }
}
