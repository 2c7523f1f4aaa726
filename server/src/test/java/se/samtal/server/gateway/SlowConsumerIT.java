package se.samtal.server.gateway;

import org.junit.jupiter.api.Test;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.CloseCodes;
import se.samtal.protocol.PresenceState;
import se.samtal.server.testing.StalledClient;
import se.samtal.server.testing.TestServer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that stops reading is cut off with 4009 once its queue passes the limit, instead of
 * being buffered without bound; the others in its session carry on; and the client, reading
 * again, is told 4009 (what had not been sent to it is dropped, so the close frame gets through).
 */
class SlowConsumerIT {

    @Test
    void aClientThatStopsReadingIsClosedAsSlowAndOthersCarryOn() throws Exception {
        try (var server = TestServer.start(config -> config.putObject("gateway")
                .put("maxOutboundQueueBytes", "16KiB")
                .put("socketSendBufferBytes", "4KiB")
                .put("requestsPerSecond", 100_000)
                .put("requestBurst", 100_000))) {
            String session = server.bookSession();
            SamtalConnection therapist = server.join(server.link(session, "therapist-1"));
            try (var stalled = StalledClient.join(server.wsUri(), server.link(session, "patient-1"))) {
                // The therapist makes events that everyone in the session is sent, until the stalled client is cut off.
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    for (int i = 0; i < 200; i++) {
                        PresenceState state = i % 2 == 0 ? PresenceState.AWAY : PresenceState.JOINED;
                        therapist.request(id -> new ClientMessage.SetPresence(id, state)).get(5, TimeUnit.SECONDS);
                    }
                    return server.get("/metrics").raw().body().contains("samtal_connections_closed_total{code=\"4009\"}");
                });

                assertThat(therapist.request(ClientMessage.Ping::new).get(5, TimeUnit.SECONDS)).isNotNull();
                stalled.resumeReading();
                assertThat(stalled.closed().get(10, TimeUnit.SECONDS)).isEqualTo(CloseCodes.SLOW_CONSUMER);
            }
            therapist.close();
        }
    }
}
