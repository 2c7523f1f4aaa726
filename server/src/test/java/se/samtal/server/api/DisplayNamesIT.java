package se.samtal.server.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.server.testing.TestServer;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static se.samtal.server.testing.ChatTesting.createConversation;

/**
 * Names and titles others are shown cannot carry bidirectional controls or other invisible
 * formatting (U+202E can make one name look like another in the therapist's list): refused in
 * the API ({@code bad_request}) and in tokens ({@code token_claims_invalid}), never stripped
 * (docs/platform-api.md).
 */
class DisplayNamesIT {
    private static final String REVERSED = "Anna \u202Enhoj";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private Map<String, Object> booking(String title, String name) {
        var now = server.now().truncatedTo(ChronoUnit.SECONDS);
        return Map.of("kind", "video", "title", title, "scheduledStart", now.toString(),
                "scheduledEnd", now.plus(1, ChronoUnit.HOURS).toString(),
                "participants", List.of(Map.of("ref", "p-1", "role", "patient", "name", name)));
    }

    @Test
    void aBookingWithABidiOverrideInANameOrTitleIsRefused() {
        var name = server.api("POST", "/api/v1/sessions", booking("Uppföljning", REVERSED));
        assertThat(name.status()).isEqualTo(400);
        assertThat(name.errorCode()).isEqualTo("bad_request");
        assertThat(name.body().path("error").path("message").asText()).contains("participants[0].name").doesNotContain("nhoj");
        assertThat(server.api("POST", "/api/v1/sessions", booking("Uppf\u200Bföljning", "Anna")).errorCode()).isEqualTo("bad_request");
        assertThat(server.api("POST", "/api/v1/sessions", booking("Uppföljning", "Anna\u2066")).errorCode()).isEqualTo("bad_request");
        assertThat(server.api("POST", "/api/v1/sessions", booking("Uppföljning", "می\u200Cخواهم")).status())
                .as("a joiner Persian names need is fine").isEqualTo(201);
    }

    @Test
    void aLinkOrAConversationMemberWithABidiOverrideIsRefused() {
        String session = server.bookSession();
        var link = server.api("POST", "/api/v1/sessions/" + session + "/links",
                Map.of("ref", "interp-1", "role", "interpreter", "name", REVERSED));
        assertThat(link.errorCode()).isEqualTo("bad_request");
        var conversation = server.api("POST", "/api/v1/conversations", Map.of("title", "Uppföljning", "members", List.of(
                Map.of("ref", "p-1", "role", "patient", "name", REVERSED), Map.of("ref", "t-1", "role", "therapist"))));
        assertThat(conversation.errorCode()).isEqualTo("bad_request");
        String id = createConversation(server);
        var member = server.api("POST", "/api/v1/conversations/" + id + "/members",
                Map.of("ref", "t-9", "role", "therapist", "name", "Sara\u202E"));
        assertThat(member.errorCode()).isEqualTo("bad_request");
    }

    @Test
    void aTokenWhoseNameCarriesABidiOverrideIsRefused() throws Exception {
        String session = server.bookSession();
        String token = TestServer.sign(TestServer.platformClaims(session, "patient-1", "patient").claim("name", REVERSED).build(),
                TestServer.SECRET);
        var connection = server.client().open(server.wsUri());
        var failure = catchThrowableOfType(ExecutionException.class,
                () -> connection.hello(id -> ClientMessage.Hello.withToken(id, token)).get(5, TimeUnit.SECONDS));
        assertThat(((SamtalException) failure.getCause()).code()).isEqualTo(ErrorCode.TOKEN_CLAIMS_INVALID);
    }
}
