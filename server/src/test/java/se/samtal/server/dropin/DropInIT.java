package se.samtal.server.dropin;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samtal.client.SamtalConnection;
import se.samtal.server.auth.TokenClaims;
import se.samtal.server.testing.TestClock;
import se.samtal.server.testing.TestServer;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samtal.server.dropin.DropInTesting.about;
import static se.samtal.server.dropin.DropInTesting.comeBack;
import static se.samtal.server.dropin.DropInTesting.entry;
import static se.samtal.server.dropin.DropInTesting.start;
import static se.samtal.server.testing.ChatTesting.link;
import static se.samtal.server.testing.ChatTesting.readAll;
import static se.samtal.server.testing.ChatTesting.send;
import static se.samtal.server.testing.ChatTesting.subscribe;

/** Drop-in chat over HTTP and the WebSocket, as the page and the care team use it; and its abuse limits. */
class DropInIT {
    private static TestServer server;

    @BeforeAll
    static void startServer() {
        server = TestServer.start(config -> {
            entry(config, "ung", 100, 100);
            entry(config, "flood", 100, 2);
            entry(config, "full", 1, 100);
            entry(config, "listed", 100, 100);
        });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String conversationOf(String token) throws Exception {
        return SignedJWT.parse(token).getJWTClaimsSet().getStringClaim(TokenClaims.CONVERSATION);
    }

    static String refOf(String token) throws Exception {
        return SignedJWT.parse(token).getJWTClaimsSet().getSubject();
    }

    /** The care team answers as the platform lets it: a therapist member with a link. */
    static SamtalConnection therapistIn(TestServer on, String conversationId) {
        var added = on.api("POST", "/api/v1/conversations/" + conversationId + "/members",
                Map.of("ref", "therapist-1", "role", "therapist", "name", "Kurator Kim"));
        assertThat(added.status()).isEqualTo(201);
        var therapist = on.join(link(on, conversationId, "therapist-1"));
        subscribe(therapist, null);
        return therapist;
    }

    @Test
    void theEntryPageSaysWhoAnswersWhenAndWhereToTurn() {
        var about = about(server, "ung");
        assertThat(about.status()).isEqualTo(200);
        assertThat(about.body().get("title").get("sv").asText()).isEqualTo("Chatta med BUP");
        assertThat(about.body().get("answeredBy").get("en").asText()).isEqualTo("Counsellors at BUP");
        assertThat(about.body().get("expectations").get("replyWithin").get("unit").asText()).isEqualTo("workdays");
        assertThat(about.body().get("whereToTurn")).extracting(p -> p.get("phone").asText()).containsExactly("112", "116 111");
        assertThat(about.raw().headers().firstValue("Cache-Control")).hasValue("no-store");

        assertThat(about(server, "no-such-entry").errorCode()).isEqualTo("not_found");
        assertThat(server.get("/drop-in/ung").status()).isEqualTo(200);
    }

    @Test
    void aYoungPersonWritesAnonymouslyAndComesBackWithTheKeyOrTheCodeToTheAnswer() throws Exception {
        var started = start(server, "ung", "Jag mår dåligt och vet inte vem jag ska prata med.");
        assertThat(started.status()).isEqualTo(201);
        String token = started.body().get("token").asText();
        String returnKey = started.body().get("returnKey").asText();
        String returnCode = started.body().get("returnCode").asText();
        assertThat(returnCode.split("-")).hasSize(5);
        assertThat(returnKey).hasSize(43);
        assertThat(refOf(token)).as("a pseudonymous ref, nothing of the person").startsWith("anon_");
        String conversationId = conversationOf(token);

        var person = server.join(token);
        assertThat(subscribe(person, null).messages()).extracting(m -> m.text())
                .containsExactly("Jag mår dåligt och vet inte vem jag ska prata med.");
        person.close();

        var details = server.api("GET", "/api/v1/conversations/" + conversationId, null).body();
        assertThat(details.get("kind").asText()).isEqualTo("care");
        assertThat(details.get("members")).singleElement().satisfies(m -> {
            assertThat(m.get("role").asText()).isEqualTo("patient");
            assertThat(m.has("name") && !m.get("name").isNull()).as("no name").isFalse();
        });

        var therapist = therapistIn(server, conversationId);
        send(therapist, "Hej! Vad bra att du skriver. Berätta mer.");
        therapist.close();

        var byKey = comeBack(server, "ung", "returnKey", returnKey);
        assertThat(byKey.status()).isEqualTo(200);
        assertThat(conversationOf(byKey.body().get("token").asText())).isEqualTo(conversationId);

        String typed = returnCode.toUpperCase().replace("-", "  ");
        var byCode = comeBack(server, "ung", "returnCode", typed);
        assertThat(byCode.status()).isEqualTo(200);
        assertThat(byCode.body().get("returnCode").asText()).isEqualTo(returnCode);
        var again = server.join(byCode.body().get("token").asText());
        assertThat(readAll(again)).extracting(m -> m.text())
                .containsExactly("Jag mår dåligt och vet inte vem jag ska prata med.", "Hej! Vad bra att du skriver. Berätta mer.");
        again.close();

        assertThat(comeBack(server, "full", "returnCode", returnCode).errorCode())
                .as("a code belongs to its entry").isEqualTo("return_code_unknown");

        var log = server.api("POST", "/api/v1/audit/patient-log", Map.of("patientRef", refOf(token)));
        assertThat(log.status()).isEqualTo(200);
        assertThat(log.body().toString()).contains("conversation.opened", "drop_in", "chat.message_sent");
    }

    @Test
    void theFirstMessageFollowsTheChatLimits() {
        assertThat(start(server, "ung", "   ").errorCode()).isEqualTo("message_empty");
        assertThat(start(server, "ung", "x".repeat(100_000)).status()).isIn(413);
    }

    @Test
    void aFloodOfNewDropInsFromOneAddressIsRateLimited() {
        assertThat(start(server, "flood", "ett").status()).isEqualTo(201);
        assertThat(start(server, "flood", "två").status()).isEqualTo(201);
        var third = start(server, "flood", "tre");
        assertThat(third.status()).isEqualTo(429);
        assertThat(third.errorCode()).isEqualTo("rate_limited");
        assertThat(third.body().get("error").get("retryAfterMs").asLong()).isPositive();
        assertThat(third.raw().headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void anEntryTakesAtMostItsOpenConversationsAndAClosedOneMakesRoom() throws Exception {
        var first = start(server, "full", "Hej");
        assertThat(first.status()).isEqualTo(201);
        var second = start(server, "full", "Hej igen");
        assertThat(second.status()).isEqualTo(503);
        assertThat(second.errorCode()).isEqualTo("drop_in_full");

        String id = conversationOf(first.body().get("token").asText());
        assertThat(server.api("POST", "/api/v1/conversations/" + id + "/close", Map.of("closingCode", "self_care")).status())
                .isEqualTo(200);
        assertThat(start(server, "full", "Nu då?").status()).isEqualTo(201);
    }

    @Test
    void theCareProviderBlocksAReturnCodeAndAnotherTenantCannot() throws Exception {
        var started = start(server, "ung", "Hej");
        String code = started.body().get("returnCode").asText();
        String key = started.body().get("returnKey").asText();
        String id = conversationOf(started.body().get("token").asText());

        var foreign = server.api("POST", "/api/v1/drop-ins/block", Map.of("returnCode", code), TestServer.OTHER_API_KEY);
        assertThat(foreign.errorCode()).isEqualTo("return_code_unknown");
        var foreignById = server.api("POST", "/api/v1/drop-ins/block", Map.of("conversationId", id), TestServer.OTHER_API_KEY);
        assertThat(foreignById.errorCode()).isEqualTo("conversation_not_found");
        assertThat(server.api("GET", "/api/v1/conversations/" + id, null, TestServer.OTHER_API_KEY).status()).isEqualTo(404);
        assertThat(comeBack(server, "ung", "returnKey", key).status()).as("nothing was blocked").isEqualTo(200);

        var blocked = server.api("POST", "/api/v1/drop-ins/block", Map.of("returnCode", code));
        assertThat(blocked.status()).isEqualTo(200);
        assertThat(blocked.body().get("conversationId").asText()).isEqualTo(id);
        assertThat(blocked.body().get("personRef").asText()).startsWith("anon_");

        var byCode = comeBack(server, "ung", "returnCode", code);
        assertThat(byCode.status()).isEqualTo(403);
        assertThat(byCode.errorCode()).isEqualTo("drop_in_blocked");
        assertThat(comeBack(server, "ung", "returnKey", key).errorCode()).isEqualTo("drop_in_blocked");
        assertThat(server.api("GET", "/api/v1/conversations/" + id, null).status()).as("kept for the care team").isEqualTo(200);
    }

    @Test
    void thePlatformListsAnEntrysOpenDropInsOldestFirstAndOnlyItsOwn() throws Exception {
        String first = conversationOf(start(server, "listed", "Först").body().get("token").asText());
        String second = conversationOf(start(server, "listed", "Sedan").body().get("token").asText());
        String third = conversationOf(start(server, "listed", "Sist").body().get("token").asText());
        server.api("POST", "/api/v1/conversations/" + second + "/close", null);

        var list = server.api("GET", "/api/v1/drop-ins?entry=listed", null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().get("items")).extracting(i -> i.get("conversationId").asText()).containsExactly(first, third);
        assertThat(list.body().get("items").get(0).get("personRef").asText()).startsWith("anon_");

        assertThat(server.api("GET", "/api/v1/drop-ins?entry=listed", null, TestServer.OTHER_API_KEY).errorCode())
                .isEqualTo("not_found");
        assertThat(server.api("GET", "/api/v1/drop-ins", null).errorCode()).isEqualTo("bad_request");
        server.api("POST", "/api/v1/conversations/" + second + "/reopen", null);
        assertThat(server.api("GET", "/api/v1/drop-ins?entry=listed", null).body().get("items")).hasSize(3);
    }

    @Test
    void guessingReturnCodesIsThrottledAndNeverSucceeds() {
        try (var own = TestServer.start(config -> entry(config, "ung", 100, 100))) {
            var started = start(own, "ung", "Hej");
            String code = started.body().get("returnCode").asText();
            var words = ReturnCodes.list();
            int refused = 0;
            for (int i = 0; i < 12; i++) {
                String guess = String.join("-", words.get(i), words.get(i + 1), words.get(i + 2), words.get(i + 3), words.get(i + 4));
                if (guess.equals(code)) {
                    continue;
                }
                var answer = comeBack(own, "ung", "returnCode", guess);
                assertThat(answer.status()).as("a guess never gets in").isIn(404, 429);
                if (answer.status() == 429) {
                    assertThat(answer.errorCode()).isEqualTo("rate_limited");
                    refused++;
                }
            }
            assertThat(refused).as("after " + ReturnAttempts.PER_ADDRESS + " wrong codes every attempt is refused")
                    .isEqualTo(12 - ReturnAttempts.PER_ADDRESS);
            assertThat(comeBack(own, "ung", "returnCode", code).errorCode())
                    .as("while throttled, not even the right code is looked at").isEqualTo("rate_limited");
        }
    }

    @Test
    void closedDropInsAreDeletedAfterTheirRetention() throws Exception {
        var clock = TestClock.create();
        try (var own = TestServer.start(clock, config -> entry(config, "ung", 100, 100))) {
            own.clock().hold();
            var started = start(own, "ung", "Hej");
            String id = conversationOf(started.body().get("token").asText());
            String code = started.body().get("returnCode").asText();
            assertThat(own.api("POST", "/api/v1/conversations/" + id + "/close", null).status()).isEqualTo(200);

            own.clock().advance(Duration.ofDays(89));
            own.server().purgeNow();
            assertThat(own.api("GET", "/api/v1/conversations/" + id, null).status()).isEqualTo(200);

            own.clock().advance(Duration.ofDays(2));
            own.server().purgeNow();
            assertThat(own.api("GET", "/api/v1/conversations/" + id, null).status()).isEqualTo(404);
            assertThat(comeBack(own, "ung", "returnCode", code).errorCode()).isEqualTo("return_code_unknown");
        }
    }

    @Test
    void aShorterChatRetentionTakesAClosedDropInFirstAndItsCodeThenFindsNothing() throws Exception {
        var clock = TestClock.create();
        try (var own = TestServer.start(clock, config -> {
            entry(config, "ung", 100, 100);
            TestServer.tenant(config).putObject("chat").put("retentionDays", 30);
        })) {
            own.clock().hold();
            var started = start(own, "ung", "Hej");
            String id = conversationOf(started.body().get("token").asText());
            own.api("POST", "/api/v1/conversations/" + id + "/close", null);
            own.clock().advance(Duration.ofDays(31));
            own.server().purgeNow();
            assertThat(own.api("GET", "/api/v1/conversations/" + id, null).status()).isEqualTo(404);
            assertThat(comeBack(own, "ung", "returnCode", started.body().get("returnCode").asText()).errorCode())
                    .isEqualTo("return_code_unknown");
            assertThat(comeBack(own, "ung", "returnKey", started.body().get("returnKey").asText()).errorCode())
                    .isEqualTo("return_code_unknown");
        }
    }

    @Test
    void aConversationOnLegalHoldOutlivesItsRetention() throws Exception {
        var clock = TestClock.create();
        try (var own = TestServer.start(clock, config -> entry(config, "ung", 100, 100))) {
            own.clock().hold();
            String id = conversationOf(start(own, "ung", "Hej").body().get("token").asText());
            own.api("PUT", "/api/v1/conversations/" + id + "/legal-hold", Map.of("reason", "Tillsyn"));
            own.api("POST", "/api/v1/conversations/" + id + "/close", null);
            own.clock().advance(Duration.ofDays(120));
            own.server().purgeNow();
            assertThat(own.api("GET", "/api/v1/conversations/" + id, null).status()).isEqualTo(200);
        }
    }

    @Test
    void badRequestsAreTypedAndChangeNothing() {
        var both = TestServer.call(java.net.http.HttpClient.newHttpClient(), server.baseUri(), "POST", "/drop-in/ung/return",
                Map.of("returnKey", "x", "returnCode", "y"), null);
        assertThat(both.errorCode()).isEqualTo("bad_request");
        var unknownField = TestServer.call(java.net.http.HttpClient.newHttpClient(), server.baseUri(), "POST", "/drop-in/ung/start",
                Map.of("text", "Hej", "name", "Kalle"), null);
        assertThat(unknownField.errorCode()).isEqualTo("bad_request");
        var getStart = TestServer.call(java.net.http.HttpClient.newHttpClient(), server.baseUri(), "GET", "/drop-in/ung/start",
                null, null);
        assertThat(getStart.errorCode()).isEqualTo("method_not_allowed");
        assertThat(List.of(start(server, "nowhere", "Hej").errorCode())).containsExactly("not_found");
    }
}
