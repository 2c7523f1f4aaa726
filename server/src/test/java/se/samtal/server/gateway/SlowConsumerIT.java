package se.samtal.server.gateway;

import org.junit.jupiter.api.Test;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.CloseCodes;
import se.samtal.protocol.PresenceState;
import se.samtal.server.testing.TestServer;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that stops reading is cut off with 4009 once its queue passes the limit, instead of
 * being buffered without bound; the others in its session carry on. The stalled client is the
 * JDK's WebSocket client, which reads only as much as it is asked to.
 */
class SlowConsumerIT {

    @Test
    void aClientThatStopsReadingIsClosedAsSlowAndOthersCarryOn() throws Exception {
        try (var server = TestServer.start(config -> config.putObject("gateway")
                .put("maxOutboundQueueBytes", "16KiB")
                .put("socketSendBufferBytes", "4KiB")
                .put("requestsPerSecond", 100_000)
                .put("requestBurst", 100_000))) {
            var http = HttpClient.newHttpClient();
            try {
                String session = server.bookSession();
                SamtalConnection therapist = server.join(server.link(session, "therapist-1"));

                var closed = new CompletableFuture<Integer>();
                var listener = new WebSocket.Listener() {
                    @Override
                    public void onOpen(WebSocket webSocket) {
                        webSocket.request(1); // exactly one message: the welcome; then nothing more is read
                    }

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        return null; // unlike the default, asks for nothing more
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closed.complete(statusCode);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket webSocket, Throwable error) {
                        closed.complete(1006);
                    }
                };
                WebSocket stalled = http.newWebSocketBuilder().buildAsync(server.wsUri(), listener).get(5, TimeUnit.SECONDS);
                String hello = "{\"type\":\"hello\",\"id\":\"h\",\"token\":\"" + server.link(session, "patient-1") + "\"}";
                stalled.sendText(hello, true).get(5, TimeUnit.SECONDS);

                // The therapist makes events that everyone in the session is sent, until the stalled client is cut off.
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    for (int i = 0; i < 200; i++) {
                        PresenceState state = i % 2 == 0 ? PresenceState.AWAY : PresenceState.JOINED;
                        therapist.request(id -> new ClientMessage.SetPresence(id, state)).get(5, TimeUnit.SECONDS);
                    }
                    return server.get("/metrics").raw().body().contains("samtal_connections_closed_total{code=\"4009\"}");
                });

                assertThat(therapist.request(ClientMessage.Ping::new).get(5, TimeUnit.SECONDS)).isNotNull();
                stalled.request(Long.MAX_VALUE); // read what is left: the connection is gone
                assertThat(closed.get(10, TimeUnit.SECONDS)).isIn(CloseCodes.SLOW_CONSUMER, 1006);
                therapist.close();
            } finally {
                http.shutdownNow();
            }
        }
    }
}
