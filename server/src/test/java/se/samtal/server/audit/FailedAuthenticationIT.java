package se.samtal.server.audit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.CloseCodes;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.server.testing.RawHttp;
import se.samtal.server.testing.TestServer;
import se.samtal.server.testing.WebSocketFrom;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samtal.server.testing.TestServer.platformClaims;
import static se.samtal.server.testing.TestServer.sign;

/**
 * Failed logins cannot be used to flood anything (docs/operations.md, "Failed authentication";
 * docs/platform-api.md, the audit trail): per client address and per claimed tenant they are
 * limited with typed {@code rate_limited} answers, and repeated ones become one summarising audit
 * entry per window instead of one entry each. Each test comes from its own loopback address
 * (127.0.0.x), as a client at another address would.
 */
class FailedAuthenticationIT {
    private static final int PER_ADDRESS = 5;
    private static TestServer server;
    private static AuditStream stream;

    @BeforeAll
    static void start() {
        Assumptions.assumeFalse(TestServer.CLUSTER, "the allowances are counted per node");
        stream = new AuditStream();
        server = TestServer.start(config -> {
            config.putObject("auth").put("failuresPerAddress", PER_ADDRESS).put("failuresPerAddressPerMinute", 1)
                    .put("failuresPerTenant", 40).put("failuresPerTenantPerMinute", 1).put("failureSummaryWindow", "2s");
            config.with("http").put("clientAddressHeader", "X-Forwarded-For").putArray("trustedProxies").add("127.0.0.9");
        });
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
            stream.close();
        }
    }

    private static InetAddress loopback(int last) throws Exception {
        return InetAddress.getByName("127.0.0." + last);
    }

    private static String forged(String session) {
        return forged(session, TestServer.ISSUER);
    }

    /** A token naming {@code issuer}'s tenant, signed with a key that is not the tenant's. */
    private static String forged(String session, String issuer) {
        return sign(platformClaims(session, "patient-" + UUID.randomUUID(), "patient").issuer(issuer).build(),
                "an-attackers-secret-that-is-long-enough-" + UUID.randomUUID());
    }

    /** Sends a hello from {@code from}; returns the error it was refused with, and checks the close. */
    private static SamtalException hello(InetAddress from, String token) throws Exception {
        try (var ws = WebSocketFrom.open(from, server.wsUri())) {
            ws.sendText("{\"type\":\"hello\",\"id\":\"h\",\"token\":\"" + token + "\"}");
            var refusal = ws.refusal();
            assertThat(ws.closeCode()).isEqualTo(CloseCodes.JOIN_REFUSED);
            return refusal;
        }
    }

    private static long entriesOf(String tenant, String action) {
        return stream.entries().stream().filter(e -> e.path("tenant").asText().equals(tenant)
                && e.path("action").asText().equals(action)).count();
    }

    @Test
    void aHundredForgedHellosFromOneAddressAreThrottledAndSummarised() throws Exception {
        // The second tenant's: no other test here spends its allowance.
        String session = server.bookSession(TestServer.OTHER_API_KEY);
        var from = loopback(21);
        long before = entriesOf(TestServer.OTHER_TENANT, "auth.failed");
        var codes = new ArrayList<SamtalException>();
        for (int i = 0; i < 100; i++) {
            codes.add(hello(from, forged(session, TestServer.OTHER_ISSUER)));
        }
        assertThat(codes.subList(0, PER_ADDRESS)).allMatch(e -> e.code() == ErrorCode.TOKEN_INVALID);
        assertThat(codes.subList(PER_ADDRESS, 100)).allMatch(e -> e.code() == ErrorCode.RATE_LIMITED && e.retryAfterMs() > 0);

        JsonNode summary = stream.await(e -> e.path("action").asText().equals("auth.failed_repeatedly")
                && e.path("tenant").asText().equals(TestServer.OTHER_TENANT) && e.path("detail").path("via").asText().equals("hello")
                && e.path("detail").path("count").asLong() >= 99);
        assertThat(summary.path("detail").path("count").asLong()).isEqualTo(99);
        assertThat(summary.path("detail").path("addressClass").asText()).isEqualTo("loopback");
        assertThat(summary.path("detail").path("network").asText()).isEqualTo("127.0.0.0/24");
        assertThat(summary.path("detail").path("firstAt").asText()).isNotBlank();
        assertThat(summary.path("detail").path("lastAt").asText()).isNotBlank();
        assertThat(summary.path("patients")).isEmpty();
        assertThat(entriesOf(TestServer.OTHER_TENANT, "auth.failed") - before).as("one entry of its own, the rest summarised")
                .isEqualTo(1);
        assertThat(stream.lines()).noneMatch(line -> line.contains("127.0.0.21"));
    }

    @Test
    void threeHundredRandomApiKeysAreThrottledWith429AndSummarised() throws Exception {
        var from = loopback(22);
        long before = entriesOf(AuditTrail.UNATTRIBUTED, "auth.failed");
        int unauthorized = 0;
        int limited = 0;
        for (int i = 0; i < 300; i++) {
            try (var http = RawHttp.connect(server.baseUri(), from)) {
                http.send("GET /api/v1/sessions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk_" + UUID.randomUUID() + "\r\n\r\n");
                var response = http.read();
                if (response.status() == 401) {
                    unauthorized++;
                } else {
                    assertThat(response.status()).isEqualTo(429);
                    assertThat(response.body()).contains("\"code\":\"rate_limited\"").contains("retryAfterMs");
                    assertThat(response.headers()).containsKey("retry-after");
                    limited++;
                }
            }
        }
        assertThat(unauthorized).isEqualTo(PER_ADDRESS);
        assertThat(limited).isEqualTo(300 - PER_ADDRESS);
        var summary = stream.await(e -> e.path("action").asText().equals("auth.failed_repeatedly")
                && e.path("detail").path("via").asText().equals("api") && e.path("detail").path("count").asLong() == 299);
        assertThat(summary.path("tenant").asText()).isEqualTo(AuditTrail.UNATTRIBUTED);
        assertThat(entriesOf(AuditTrail.UNATTRIBUTED, "auth.failed") - before).isEqualTo(1);
    }

    @Test
    void aValidKeyFromAnAddressOverItsAllowanceIsRefusedBeforeItIsChecked() throws Exception {
        var from = loopback(23);
        for (int i = 0; i <= PER_ADDRESS; i++) {
            try (var http = RawHttp.connect(server.baseUri(), from)) {
                http.send("GET /api/v1/sessions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk_wrong_" + i + "\r\n\r\n");
                http.read();
            }
        }
        try (var http = RawHttp.connect(server.baseUri(), from)) {
            http.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(http.read().status()).as("only authentication is limited").isEqualTo(200);
            http.send("GET /api/v1/sessions/s_x HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TestServer.API_KEY + "\r\n\r\n");
            assertThat(http.read().status()).isEqualTo(429);
        }
        try (var other = RawHttp.connect(server.baseUri(), loopback(24))) {
            other.send("GET /api/v1/sessions/s_x HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TestServer.API_KEY + "\r\n\r\n");
            assertThat(other.read().status()).as("another address is not affected").isEqualTo(404);
        }
    }

    @Test
    void failuresFromManyAddressesNamingOneTenantAreLimitedButValidTokensStillGetIn() throws Exception {
        String session = server.bookSession();
        int limited = 0;
        for (int i = 0; i < 60; i++) {
            var refusal = hello(loopback(100 + i), forged(session));
            limited += refusal.code() == ErrorCode.RATE_LIMITED ? 1 : 0;
        }
        assertThat(limited).as("beyond the tenant's allowance (40) failures are answered rate_limited").isGreaterThanOrEqualTo(19);
        SamtalConnection patient = server.join(server.link(session, "patient-1"));
        assertThat(patient.welcome()).as("a valid token still gets in").isNotNull();
        patient.close();
        var summary = stream.await(e -> e.path("action").asText().equals("auth.failed_repeatedly")
                && e.path("tenant").asText().equals(TestServer.TENANT) && e.path("detail").has("addresses"));
        assertThat(summary.path("detail").path("addresses").asLong()).isGreaterThanOrEqualTo(19);
    }

    @Test
    void behindATrustedProxyTheClientAddressComesFromItsHeaderOnly() throws Exception {
        var proxy = loopback(9);
        for (int i = 0; i < PER_ADDRESS; i++) {
            try (var http = RawHttp.connect(server.baseUri(), proxy)) {
                http.send("GET /api/v1/sessions HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 198.51.100.7\r\nAuthorization: Bearer sk_no\r\n\r\n");
                http.read();
            }
        }
        try (var http = RawHttp.connect(server.baseUri(), proxy)) {
            http.send("GET /api/v1/sessions HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 198.51.100.7\r\nAuthorization: Bearer sk_no\r\n\r\n");
            assertThat(http.read().status()).as("198.51.100.7 used up its allowance").isEqualTo(429);
            http.send("GET /api/v1/sessions HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 198.51.100.8\r\nAuthorization: Bearer sk_no\r\n\r\n");
            assertThat(http.read().status()).as("another client behind the same proxy").isEqualTo(401);
        }
        // Not from the trusted proxy: the header is ignored, the connection's own address counts.
        var direct = loopback(31);
        for (int i = 0; i < PER_ADDRESS + 2; i++) {
            try (var http = RawHttp.connect(server.baseUri(), direct)) {
                http.send("GET /api/v1/sessions HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 203.0.113." + i
                        + "\r\nAuthorization: Bearer sk_no\r\n\r\n");
                int status = http.read().status();
                assertThat(status).isEqualTo(i < PER_ADDRESS ? 401 : 429);
            }
        }
    }

    @Test
    void aHelloOverTheAllowanceIsClosedAsARefusedHello() throws Exception {
        String session = server.bookSession();
        var from = loopback(41);
        for (int i = 0; i <= PER_ADDRESS; i++) {
            hello(from, forged(session));
        }
        try (var ws = WebSocketFrom.open(from, server.wsUri())) {
            ws.sendText("{\"type\":\"hello\",\"id\":\"h\",\"token\":\"" + server.link(session, "patient-1") + "\"}");
            var refusal = ws.refusal();
            assertThat(refusal.code()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(ws.closeCode()).isEqualTo(CloseCodes.JOIN_REFUSED);
        }
    }
}
