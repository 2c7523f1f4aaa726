package se.samtal.server.http;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samtal.server.testing.RawHttp;
import se.samtal.server.testing.TestServer;
import se.samtal.server.testing.WebSocketFrom;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Browser pages of other origins cannot open samtal's WebSocket (docs/protocol.md, connection
 * life): samtal's own origin (the join page's) and the configured platform origins can; others
 * get 403 origin_not_allowed before the upgrade. Clients that send no Origin are not browsers.
 */
class WebSocketOriginIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(config -> config.with("http").putArray("allowedOrigins").add("https://portal.region-a.test"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static int handshake(String origin) {
        try (var http = RawHttp.connect(server.baseUri())) {
            http.send("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + server.baseUri().getPort() + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + (origin != null ? "Origin: " + origin + "\r\n" : "") + "\r\n");
            var response = http.read();
            if (response.status() == 403) {
                assertThat(response.body()).contains("\"code\":\"origin_not_allowed\"");
            }
            return response.status();
        }
    }

    @Test
    void aPageOfAnotherOriginIsRefused() {
        assertThat(handshake("https://evil.example")).isEqualTo(403);
        assertThat(handshake("null")).isEqualTo(403);
        assertThat(handshake("http://127.0.0.1:" + (server.baseUri().getPort() + 1))).as("another port is another origin")
                .isEqualTo(403);
    }

    @Test
    void theJoinPagesOwnOriginAndThePlatformsAreAllowed() {
        assertThat(handshake(server.publicUrlOrigin())).isEqualTo(101);
        assertThat(handshake("https://portal.region-a.test")).isEqualTo(101);
        assertThat(handshake("HTTPS://Portal.Region-A.test:443")).as("the same origin, spelled otherwise").isEqualTo(101);
    }

    @Test
    void aClientWithoutOriginIsNotABrowserAndIsLetThrough() {
        assertThat(handshake(null)).isEqualTo(101);
    }

    @Test
    void aRefusedBrowserNeverReachesHello() throws Exception {
        var refused = catchThrowableOfType(CompletionException.class, () -> WebSocketFrom.open(InetAddress.getLoopbackAddress(),
                server.wsUri(), Map.of("Origin", "https://evil.example")));
        assertThat(refused).isNotNull();
    }
}
