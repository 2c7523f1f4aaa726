package se.samtal.server.gateway;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.CloseCodes;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.ServerMessage;
import se.samtal.server.testing.TestServer;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static se.samtal.server.testing.TestServer.platformClaims;
import static se.samtal.server.testing.TestServer.sign;

/**
 * Every way a hello can be wrong gets its own error code, a close with 4001, and changes nothing:
 * nobody is put in the session and a single-use token is not used up.
 */
class HelloRefusalIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(config -> TestServer.tenant(config).put("singleUseTokens", true).put("maxTokenLifetime", "1h"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Sends hello with {@code token} on a fresh connection and returns the error, checking the close code. */
    private static ServerMessage.Error refusedHello(String token) throws Exception {
        SamtalConnection connection = server.client().open(server.wsUri());
        var failure = catchThrowableOfType(ExecutionException.class,
                () -> connection.hello(id -> ClientMessage.Hello.withToken(id, token)).get(5, TimeUnit.SECONDS));
        assertThat(failure).as("hello should be refused").isNotNull();
        var code = ((SamtalException) failure.getCause()).code();
        assertThat(connection.closed().get(5, TimeUnit.SECONDS).getCloseCode().getCode()).isEqualTo(CloseCodes.JOIN_REFUSED);
        return new ServerMessage.Error(null, code, failure.getCause().getMessage(), null);
    }

    private static void assertNobodyJoined(String session) {
        var body = server.api("GET", "/api/v1/sessions/" + session, null).body();
        assertThat(body.has("live")).as("no one should be in the session").isFalse();
        assertThat(body.get("status").asText()).isEqualTo("scheduled");
    }

    @Test
    void aForgedSignatureIsRefused() throws Exception {
        String session = server.bookSession();
        String forged = sign(platformClaims(session, "patient-1", "patient").build(), "an-attackers-secret-that-is-long-enough");
        assertThat(refusedHello(forged).code()).isEqualTo(ErrorCode.TOKEN_INVALID);
        assertNobodyJoined(session);
    }

    @Test
    void anUnsignedTokenIsRefused() throws Exception {
        String session = server.bookSession();
        String none = new PlainJWT(platformClaims(session, "patient-1", "patient").build()).serialize();
        assertThat(refusedHello(none).code()).isEqualTo(ErrorCode.TOKEN_ALGORITHM_NOT_ALLOWED);
        assertNobodyJoined(session);
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        String session = server.bookSession();
        Instant past = server.now().minus(2, ChronoUnit.HOURS);
        var claims = platformClaims(session, "patient-1", "patient").issueTime(Date.from(past))
                .expirationTime(Date.from(past.plus(30, ChronoUnit.MINUTES))).build();
        assertThat(refusedHello(sign(claims, TestServer.SECRET)).code()).isEqualTo(ErrorCode.TOKEN_EXPIRED);
        assertNobodyJoined(session);
    }

    @Test
    void aTokenThatIsNotYetValidIsRefused() throws Exception {
        String session = server.bookSession();
        Instant later = server.now().plus(20, ChronoUnit.MINUTES);
        var claims = platformClaims(session, "patient-1", "patient").notBeforeTime(Date.from(later))
                .issueTime(Date.from(later)).expirationTime(Date.from(later.plus(10, ChronoUnit.MINUTES))).build();
        assertThat(refusedHello(sign(claims, TestServer.SECRET)).code()).isEqualTo(ErrorCode.TOKEN_NOT_YET_VALID);
    }

    @Test
    void aTokenLivingLongerThanTheTenantAllowsIsRefused() throws Exception {
        String session = server.bookSession();
        var claims = platformClaims(session, "patient-1", "patient")
                .expirationTime(Date.from(server.now().plus(3, ChronoUnit.HOURS))).build();
        assertThat(refusedHello(sign(claims, TestServer.SECRET)).code()).isEqualTo(ErrorCode.TOKEN_LIFETIME_TOO_LONG);
    }

    @Test
    void aTokenFromAnUnknownIssuerIsRefused() throws Exception {
        String session = server.bookSession();
        var claims = new JWTClaimsSet.Builder(platformClaims(session, "patient-1", "patient").build())
                .issuer("https://someone-else.test").build();
        assertThat(refusedHello(sign(claims, TestServer.SECRET)).code()).isEqualTo(ErrorCode.TOKEN_UNKNOWN_ISSUER);
    }

    @Test
    void aTenantsTokenNeverOpensAnotherTenantsSession() throws Exception {
        String sessionOfA = server.bookSession();
        var claims = new JWTClaimsSet.Builder(platformClaims(sessionOfA, "intruder", "therapist").build())
                .issuer(TestServer.OTHER_ISSUER).build();
        String tokenOfB = sign(claims, TestServer.OTHER_SECRET);
        assertThat(refusedHello(tokenOfB).code()).isEqualTo(ErrorCode.SESSION_NOT_FOUND);
        assertNobodyJoined(sessionOfA);

        // ... nor does a token of B's issuer signed with A's key, nor A's issuer with B's key
        var mixed = new JWTClaimsSet.Builder(claims).issuer(TestServer.ISSUER).build();
        assertThat(refusedHello(sign(mixed, TestServer.OTHER_SECRET)).code()).isEqualTo(ErrorCode.TOKEN_INVALID);
    }

    @Test
    void aSingleUseTokenOpensOneConnectionOnlyAndRefusedTokensAreNotUsedUp() throws Exception {
        String session = server.bookSession();
        var claims = platformClaims(session, "patient-1", "patient").build();
        String token = sign(claims, TestServer.SECRET);

        // A forged token with the same jti fails for its signature, and does not use the jti up.
        assertThat(refusedHello(sign(claims, "an-attackers-secret-that-is-long-enough")).code()).isEqualTo(ErrorCode.TOKEN_INVALID);

        SamtalConnection first = server.join(token);
        assertThat(refusedHello(token).code()).isEqualTo(ErrorCode.TOKEN_REPLAYED);
        assertThat(first.isOpen()).isTrue();
        // the resume token still works: single use is about the link, not the person
        first.close();
        SamtalConnection again = server.client().resume(server.wsUri(), first);
        assertThat(again.welcome().you().participantId()).isEqualTo(first.welcome().you().participantId());
        again.close();
    }

    @Test
    void aResumeTokenIsNotAJoinTokenAndAJoinTokenIsNotAResumeToken() throws Exception {
        String session = server.bookSession();
        SamtalConnection patient = server.join(server.link(session, "patient-1"));
        String resume = patient.resumeToken();
        patient.close();
        assertThat(refusedHello(resume).code()).isEqualTo(ErrorCode.TOKEN_CLAIMS_INVALID);

        String link = server.link(session, "patient-1");
        var asResume = catchThrowableOfType(SamtalException.class, () -> server.client().resume(server.wsUri(), link, 0));
        assertThat(asResume.code()).isEqualTo(ErrorCode.TOKEN_CLAIMS_INVALID);
    }

    @Test
    void aTokenWithoutARoleOrWithAnUnknownRoleIsRefused() throws Exception {
        String session = server.bookSession();
        var noRole = platformClaims(session, "patient-1", "patient").claim("role", null).build();
        assertThat(refusedHello(sign(noRole, TestServer.SECRET)).code()).isEqualTo(ErrorCode.TOKEN_CLAIMS_INVALID);
        var badRole = platformClaims(session, "patient-1", "admin").build();
        assertThat(refusedHello(sign(badRole, TestServer.SECRET)).code()).isEqualTo(ErrorCode.TOKEN_CLAIMS_INVALID);
    }

    @Test
    void garbageInsteadOfATokenIsRefused() throws Exception {
        assertThat(refusedHello("not.a.jwt").code()).isEqualTo(ErrorCode.TOKEN_INVALID);
        assertThat(refusedHello("x".repeat(20_000)).code()).isEqualTo(ErrorCode.TOKEN_INVALID);
    }

    @Test
    void aCancelledSessionCannotBeJoined() throws Exception {
        String session = server.bookSession();
        String token = sign(platformClaims(session, "patient-1", "patient").build(), TestServer.SECRET);
        assertThat(server.api("POST", "/api/v1/sessions/" + session + "/cancel", null).status()).isEqualTo(200);
        assertThat(refusedHello(token).code()).isEqualTo(ErrorCode.SESSION_CANCELLED);
    }

    @Test
    void aSessionCannotBeJoinedLongBeforeItsScheduledStart() throws Exception {
        Instant tomorrow = server.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        var booked = server.api("POST", "/api/v1/sessions", java.util.Map.of("kind", "video",
                "scheduledStart", tomorrow.toString(), "scheduledEnd", tomorrow.plus(1, ChronoUnit.HOURS).toString()));
        String session = booked.body().get("id").asText();
        String token = sign(platformClaims(session, "patient-1", "patient").build(), TestServer.SECRET);
        assertThat(refusedHello(token).code()).isEqualTo(ErrorCode.SESSION_NOT_OPEN_YET);
        assertNobodyJoined(session);
    }

    @Test
    void aSecondHelloOnAJoinedConnectionIsAnErrorAndChangesNothing() throws Exception {
        String session = server.bookSession();
        SamtalConnection patient = server.join(server.link(session, "patient-1"));
        var second = catchThrowableOfType(ExecutionException.class, () -> patient
                .hello(id -> ClientMessage.Hello.withToken(id, server.link(session, "therapist-1"))).get(5, TimeUnit.SECONDS));
        assertThat(((SamtalException) second.getCause()).code()).isEqualTo(ErrorCode.ALREADY_JOINED);
        assertThat(patient.request(ClientMessage.Ping::new).get(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(server.api("GET", "/api/v1/sessions/" + session, null).body().get("live").get("participants")).hasSize(1);
        patient.close();
    }

    @Test
    void aRequestBeforeHelloIsRefusedAndTheConnectionClosed() throws Exception {
        SamtalConnection connection = server.client().open(server.wsUri());
        var failure = catchThrowableOfType(ExecutionException.class,
                () -> connection.request(ClientMessage.Ping::new).get(5, TimeUnit.SECONDS));
        assertThat(((SamtalException) failure.getCause()).code()).isEqualTo(ErrorCode.HELLO_REQUIRED);
        assertThat(connection.closed().get(5, TimeUnit.SECONDS).getCloseCode().getCode()).isEqualTo(CloseCodes.JOIN_REFUSED);
    }

    @Test
    void aSessionHoldsNoMoreThanTheTenantsMaximum() throws Exception {
        try (var small = TestServer.start(config -> TestServer.tenant(config).putObject("policy").put("maxParticipantsPerSession", 2))) {
            String session = small.bookSession();
            var a = small.join(small.link(session, "therapist-1"));
            var b = small.join(small.link(session, "patient-1"));
            String third = sign(platformClaims(session, "relative-1", "relative").build(), TestServer.SECRET);
            var refused = catchThrowableOfType(SamtalException.class, () -> small.client().join(small.wsUri(), third));
            assertThat(refused.code()).isEqualTo(ErrorCode.SESSION_FULL);
            assertThat(a.isOpen() && b.isOpen()).isTrue();
        }
    }

    @Test
    void refusalsAreCountedInMetricsByCodeWithoutPersonalData() throws Exception {
        refusedHello("not.a.jwt");
        var metrics = server.get("/metrics").raw().body();
        assertThat(metrics).containsPattern("samtal_errors_total\\{code=\"token_invalid\"} [1-9]");
        assertThat(metrics).doesNotContain("patient-1").doesNotContain("Pim").doesNotContain("therapist-1");
    }
}
