package se.samtal.server.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.CloseCodes;
import se.samtal.protocol.ServerMessage;
import se.samtal.server.testing.StalledClient;
import se.samtal.server.testing.TestServer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server pings quiet connections, keeps those that answer, and closes those that stay silent;
 * and it sends a connected client a fresh resume token halfway through the old one's life.
 */
class HeartbeatIT {

    @Test
    void aClientThatAnswersPingsStaysAndOneThatDoesNotIsClosedAsIdle() throws Exception {
        try (var server = TestServer.start(config -> config.putObject("gateway").put("pingInterval", "200ms").put("idleTimeout", "1s"))) {
            String session = server.bookSession();
            // Tyrus answers pings with pongs on its own, as browsers do.
            var answering = server.join(server.link(session, "therapist-1"));
            try (var silent = StalledClient.join(server.wsUri(), server.link(session, "patient-1"))) {
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        server.get("/metrics").raw().body().contains("samtal_connections_closed_total{code=\"4004\"}"));
                silent.resumeReading();
                // its reply pongs may meet a socket the server already closed, hence 1006 is possible too
                assertThat(silent.closed().get(10, TimeUnit.SECONDS)).isIn(CloseCodes.IDLE_TIMEOUT, 1006);
                assertThat(silent.pings()).isGreaterThanOrEqualTo(1);
            }
            assertThat(answering.isOpen()).isTrue();
            assertThat(answering.request(ClientMessage.Ping::new).get(5, TimeUnit.SECONDS)).isNotNull();
            answering.close();
        }
    }

    @Test
    void aConnectedClientIsSentAFreshResumeTokenHalfwayThroughItsLife() throws Exception {
        try (var server = TestServer.start(config -> ((ObjectNode) config.get("tokens")).put("resumeTtl", "2s"))) {
            String session = server.bookSession();
            var client = server.join(server.link(session, "therapist-1"));
            var fresh = new java.util.ArrayList<ServerMessage.ResumeToken>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (fresh.size() < 2 && System.nanoTime() < deadline) {
                if (client.nextEvent(Duration.ofSeconds(1)) instanceof ServerMessage.ResumeToken token) {
                    fresh.add(token);
                }
            }
            assertThat(fresh).as("a resume.token every second (half of 2 s), again and again").hasSize(2);
            assertThat(client.resumeToken()).isEqualTo(fresh.get(1).token());
            client.close();
        }
    }
}
