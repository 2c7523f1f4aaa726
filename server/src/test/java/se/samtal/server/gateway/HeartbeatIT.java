package se.samtal.server.gateway;

import org.junit.jupiter.api.Test;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.CloseCodes;
import se.samtal.server.testing.TestServer;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The server pings quiet connections, keeps those that answer, and closes those that stay silent. */
class HeartbeatIT {

    @Test
    void aClientThatAnswersPingsStaysAndOneThatDoesNotIsClosedAsIdle() throws Exception {
        try (var server = TestServer.start(config -> config.putObject("gateway").put("pingInterval", "200ms").put("idleTimeout", "1s"))) {
            var http = HttpClient.newHttpClient();
            try {
                String session = server.bookSession();

                // Tyrus answers pings with pongs on its own, as browsers do.
                var answering = server.join(server.link(session, "therapist-1"));

                // The JDK client reads only what it is asked for: after the welcome it reads nothing, so it never pongs.
                var pings = new AtomicInteger();
                var closed = new CompletableFuture<Integer>();
                var silent = http.newWebSocketBuilder().buildAsync(server.wsUri(), new WebSocket.Listener() {
                    @Override
                    public void onOpen(WebSocket webSocket) {
                        webSocket.request(1);
                    }

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        return null; // unlike the default, asks for nothing more
                    }

                    @Override
                    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
                        pings.incrementAndGet();
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closed.complete(statusCode);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket webSocket, Throwable error) {
                        closed.complete(1006); // the reply pongs may meet a socket the server has already closed
                    }
                }).get(5, TimeUnit.SECONDS);
                silent.sendText("{\"type\":\"hello\",\"id\":\"h\",\"token\":\"" + server.link(session, "patient-1") + "\"}", true);

                await().atMost(Duration.ofSeconds(10)).until(() ->
                        server.get("/metrics").raw().body().contains("samtal_connections_closed_total{code=\"4004\"}"));
                silent.request(Long.MAX_VALUE);
                assertThat(closed.get(10, TimeUnit.SECONDS)).isIn(CloseCodes.IDLE_TIMEOUT, 1006);
                assertThat(pings.get()).isGreaterThanOrEqualTo(1);
                assertThat(answering.isOpen()).isTrue();
                assertThat(answering.request(ClientMessage.Ping::new).get(5, TimeUnit.SECONDS)).isNotNull();
                answering.close();
            } finally {
                http.shutdownNow();
            }
        }
    }
}
