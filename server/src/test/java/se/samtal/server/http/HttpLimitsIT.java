package se.samtal.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import se.samtal.server.testing.RawHttp;
import se.samtal.server.testing.TestServer;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests over the HTTP limits are answered with their typed error and the connection is
 * closed; never cut off and handled as if they were whole (docs/operations.md, limits).
 */
class HttpLimitsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String errorCode(RawHttp.Response response) throws Exception {
        return JSON.readTree(response.body()).path("error").path("code").asText();
    }

    @ParameterizedTest
    @ValueSource(ints = {16 * 1024, 200 * 1024, 1024 * 1024, 8 * 1024 * 1024})
    void headersOverTheLimitAre431AndTheConnectionCloses(int headerBytes) throws Exception {
        try (var http = RawHttp.connect(server.baseUri())) {
            http.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Padding: ");
            http.sendFill(headerBytes, (byte) 'a');
            http.send("\r\n\r\n");
            var response = http.read();
            assertThat(response.status()).isEqualTo(431);
            assertThat(errorCode(response)).isEqualTo("headers_too_large");
            assertThat(response.headers().get("connection")).isEqualTo("close");
            assertThat(http.closedWithin(5000)).as("the connection is closed, not left open").isTrue();
        }
    }

    @Test
    void manyHeadersTogetherOverTheLimitAre431() throws Exception {
        try (var http = RawHttp.connect(server.baseUri())) {
            var request = new StringBuilder("GET /healthz HTTP/1.1\r\nHost: x\r\n");
            for (int i = 0; i < 200; i++) {
                request.append("X-H").append(i).append(": ").append("v".repeat(60)).append("\r\n");
            }
            http.send(request.append("\r\n").toString());
            assertThat(http.read().status()).isEqualTo(431);
        }
    }

    @Test
    void headersWithinTheLimitAreServedOnAConnectionThatStaysOpen() {
        try (var http = RawHttp.connect(server.baseUri())) {
            http.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: " + "a".repeat(6000) + "\r\n\r\n");
            assertThat(http.read().status()).isEqualTo(200);
            http.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(http.read().status()).isEqualTo(200);
        }
    }

    @Test
    void aRequestLineOverTheLimitIs414() throws Exception {
        try (var http = RawHttp.connect(server.baseUri())) {
            http.send("GET /healthz?pad=" + "a".repeat(8192) + " HTTP/1.1\r\nHost: x\r\n\r\n");
            var response = http.read();
            assertThat(response.status()).isEqualTo(414);
            assertThat(errorCode(response)).isEqualTo("uri_too_long");
            assertThat(http.closedWithin(5000)).isTrue();
        }
    }

    @Test
    void aBodyOneByteOverTheLimitGets413WithItsErrorBody() throws Exception {
        int size = 1024 * 1024 + 1;
        try (var http = RawHttp.connect(server.baseUri())) {
            http.send("POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TestServer.API_KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + size + "\r\n\r\n");
            http.sendFill(size, (byte) ' ');
            var response = http.read();
            assertThat(response.status()).isEqualTo(413);
            assertThat(errorCode(response)).isEqualTo("payload_too_large");
            assertThat(http.closedWithin(5000)).isTrue();
        }
    }

    @Test
    void aBodyOverTheLimitAnnouncedWithExpectContinueGets413WithItsErrorBody() throws Exception {
        try (var http = RawHttp.connect(server.baseUri())) {
            http.send("POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TestServer.API_KEY
                    + "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: " + (1024 * 1024 + 1) + "\r\n\r\n");
            var response = http.read();
            assertThat(response.status()).isEqualTo(413);
            assertThat(errorCode(response)).isEqualTo("payload_too_large");
        }
    }

    @Test
    void aChunkedBodyThatGrowsOverTheLimitGets413WithItsErrorBody() throws Exception {
        try (var http = RawHttp.connect(server.baseUri())) {
            http.send("POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TestServer.API_KEY
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
            byte[] chunk = ("10000\r\n" + " ".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 17 && http.send(chunk); i++) {
                // 17 × 64 KiB: one chunk over 1 MiB
            }
            http.send("0\r\n\r\n");
            var response = http.read();
            assertThat(response.status()).isEqualTo(413);
            assertThat(errorCode(response)).isEqualTo("payload_too_large");
        }
    }
}
