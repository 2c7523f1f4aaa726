package se.samtal.server.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ServerMessage;
import se.samtal.server.testing.TestServer;

import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samtal.server.inbox.InboxTesting.act;
import static se.samtal.server.inbox.InboxTesting.overview;
import static se.samtal.server.inbox.InboxTesting.staffToken;
import static se.samtal.server.testing.ChatTesting.readAll;
import static se.samtal.server.testing.ChatTesting.send;
import static se.samtal.server.testing.ChatTesting.subscribe;

/** The care team's inbox over HTTP, with the conversations themselves on the Java client. */
class InboxIT {
    private static TestServer server;

    @BeforeAll
    static void startServer() {
        server = TestServer.start(config -> se.samtal.server.dropin.DropInTestingAccess.entry(config, "ung", 100, 100));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A young person starts a drop-in; its start answer. */
    static JsonNode dropIn(String text) {
        var started = se.samtal.server.dropin.DropInTestingAccess.start(server, "ung", text);
        assertThat(started.status()).isEqualTo(201);
        return started.body();
    }

    static String conversationOf(JsonNode started) throws Exception {
        return com.nimbusds.jwt.SignedJWT.parse(started.get("token").asText()).getJWTClaimsSet().getStringClaim("conversation");
    }

    static JsonNode queued(JsonNode overview, String conversationId) {
        return StreamSupport.stream(overview.get("queue").spliterator(), false)
                .filter(i -> i.get("conversationId").asText().equals(conversationId)).findFirst().orElse(null);
    }

    static JsonNode mine(JsonNode overview, String conversationId) {
        return StreamSupport.stream(overview.get("conversations").spliterator(), false)
                .filter(i -> i.get("conversationId").asText().equals(conversationId)).findFirst().orElse(null);
    }

    /** Whether a field is null (the wire leaves nulls out). */
    static boolean absent(JsonNode node, String field) {
        return !node.has(field) || node.get(field).isNull();
    }

    @Test
    void aTherapistClaimsADropInAnswersItAndClosesItWithAClosingCodeWhileColleaguesSeeItTaken() throws Exception {
        String kim = staffToken(server, TestServer.API_KEY, "staff-kim", "Kurator Kim");
        String lo = staffToken(server, TestServer.API_KEY, "staff-lo", "Sjuksköterska Lo");
        var started = dropIn("Hej, jag behöver prata med någon.");
        String id = conversationOf(started);

        var waiting = queued(overview(server, kim).body(), id);
        assertThat(waiting).isNotNull();
        assertThat(absent(waiting, "takenBy")).isTrue();
        assertThat(waiting.get("entryTitle").asText()).isEqualTo("Chatta med BUP");

        assertThat(act(server, kim, id, "claim", null).status()).isEqualTo(200);
        var seenByLo = queued(overview(server, lo).body(), id);
        assertThat(seenByLo.get("takenBy").asText()).isEqualTo("Kurator Kim");
        assertThat(seenByLo.get("takenByYou").asBoolean()).isFalse();
        var loClaims = act(server, lo, id, "claim", null);
        assertThat(loClaims.status()).isEqualTo(409);
        assertThat(loClaims.errorCode()).isEqualTo("conflict");
        assertThat(act(server, lo, id, "open", null).errorCode()).isEqualTo("not_a_member");
        assertThat(act(server, kim, id, "claim", null).status()).as("claiming one's own again changes nothing").isEqualTo(200);

        var listed = mine(overview(server, kim).body(), id);
        assertThat(listed.get("unread").asInt()).isEqualTo(1);
        assertThat(absent(listed, "oldestUnansweredAt")).isFalse();
        assertThat(listed.get("dropIn").asBoolean()).isTrue();
        assertThat(listed.get("with")).singleElement().satisfies(w -> assertThat(w.get("anonymous").asBoolean()).isTrue());

        var opened = act(server, kim, id, "open", null);
        SamtalConnection therapist = server.join(opened.body().get("token").asText());
        subscribe(therapist, null);
        send(therapist, "Hej! Jag heter Kim. Berätta.");
        SamtalConnection person = server.join(started.get("token").asText());
        assertThat(readAll(person)).extracting(m -> m.text()).containsExactly("Hej, jag behöver prata med någon.",
                "Hej! Jag heter Kim. Berätta.");
        assertThat(absent(mine(overview(server, kim).body(), id), "oldestUnansweredAt")).as("answered").isTrue();

        send(person, "Tack.");
        assertThat(absent(mine(overview(server, kim).body(), id), "oldestUnansweredAt")).isFalse();

        var closed = act(server, kim, id, "close", Map.of("closingCode", "self_care"));
        assertThat(closed.status()).isEqualTo(200);
        assertThat(closed.body().get("closingCode").asText()).isEqualTo("self_care");
        assertThat(queued(overview(server, lo).body(), id)).as("closed ones leave the queue").isNull();
        assertThat(mine(overview(server, kim).body(), id).get("status").asText()).isEqualTo("closed");
        assertThat(act(server, kim, id, "close", Map.of("closingCode", "nonsense")).errorCode()).isEqualTo("bad_request");
        therapist.close();
        person.close();
    }

    @Test
    void aClaimedDropInIsHandedBackToTheQueueOrToAColleague() throws Exception {
        String kim = staffToken(server, TestServer.API_KEY, "staff-kim", "Kurator Kim");
        String lo = staffToken(server, TestServer.API_KEY, "staff-lo", "Sjuksköterska Lo");
        String id = conversationOf(dropIn("Hej"));
        act(server, kim, id, "claim", null);

        assertThat(act(server, kim, id, "hand-over", null).status()).isEqualTo(200);
        assertThat(absent(queued(overview(server, lo).body(), id), "takenBy")).as("back in the queue").isTrue();
        assertThat(act(server, kim, id, "open", null).errorCode()).isEqualTo("not_a_member");
        assertThat(mine(overview(server, kim).body(), id)).isNull();

        act(server, kim, id, "claim", null);
        assertThat(act(server, kim, id, "hand-over", Map.of("toRef", "staff-lo", "toName", "Sjuksköterska Lo")).status())
                .isEqualTo(200);
        assertThat(queued(overview(server, kim).body(), id).get("takenBy").asText()).isEqualTo("Sjuksköterska Lo");
        assertThat(mine(overview(server, lo).body(), id)).isNotNull();
        assertThat(act(server, lo, id, "open", null).status()).isEqualTo(200);
        assertThat(act(server, kim, id, "open", null).errorCode()).isEqualTo("not_a_member");
    }

    @Test
    void aTherapistOffersAVideoVisitAndThePersonGetsALinkToIt() throws Exception {
        String kim = staffToken(server, TestServer.API_KEY, "staff-kim", "Kurator Kim");
        var started = dropIn("Kan vi ses?");
        String id = conversationOf(started);
        String key = started.get("returnKey").asText();
        var before = se.samtal.server.dropin.DropInTestingAccess.visit(server, "ung", "returnKey", key);
        assertThat(before.errorCode()).as("nothing offered yet").isEqualTo("not_found");

        act(server, kim, id, "claim", null);
        var offer = act(server, kim, id, "offer-visit", null);
        assertThat(offer.status()).isEqualTo(200);
        assertThat(offer.body().get("url").asText()).contains("/join#");

        var visit = se.samtal.server.dropin.DropInTestingAccess.visit(server, "ung", "returnKey", key);
        assertThat(visit.status()).isEqualTo(200);
        assertThat(visit.body().get("url").asText()).startsWith("/join#");
        SamtalConnection person = server.join(visit.body().get("token").asText());
        assertThat(person.welcome()).isNotNull();
        var booked = server.api("GET", "/api/v1/sessions/" + offer.body().get("sessionId").asText(), null);
        assertThat(booked.body().get("kind").asText()).isEqualTo("video");
        assertThat(booked.body().toString()).doesNotContain("\"name\":\"\"");

        SamtalConnection reader = server.join(started.get("token").asText());
        assertThat(readAll(reader)).extracting(m -> m.text()).last().asString().contains("videobesök");
        person.close();
        reader.close();
    }

    @Test
    void anotherTenantsStaffSeesNothingAndTouchesNothing() throws Exception {
        String other = staffToken(server, TestServer.OTHER_API_KEY, "staff-b", "Other");
        String id = conversationOf(dropIn("Hej"));
        var seen = overview(server, other);
        assertThat(seen.status()).isEqualTo(200);
        assertThat(seen.body().get("queue")).isEmpty();
        assertThat(seen.body().get("conversations")).isEmpty();
        for (String action : new String[] {"claim", "open", "close", "hand-over", "offer-visit"}) {
            var answer = act(server, other, id, action, null);
            assertThat(answer.status()).as(action).isEqualTo(404);
            assertThat(answer.errorCode()).as(action).isEqualTo("conversation_not_found");
        }
        String kim = staffToken(server, TestServer.API_KEY, "staff-kim", "Kurator Kim");
        assertThat(absent(queued(overview(server, kim).body(), id), "takenBy")).as("untouched").isTrue();
    }

    @Test
    void onlyInboxTokensOpenTheInboxAndTheyOpenNothingElse() throws Exception {
        assertThat(overview(server, "not-a-token").status()).isEqualTo(401);
        assertThat(overview(server, "not-a-token").errorCode()).isEqualTo("unauthorized");
        var started = dropIn("Hej");
        assertThat(overview(server, started.get("token").asText()).errorCode()).as("a conversation link").isEqualTo("unauthorized");
        String kim = staffToken(server, TestServer.API_KEY, "staff-kim", "Kurator Kim");
        var refused = server.client().open(server.wsUri())
                .hello(rid -> se.samtal.protocol.ClientMessage.Hello.withToken(rid, kim));
        assertThat(refused).failsWithin(Duration.ofSeconds(10));

        assertThat(server.api("POST", "/api/v1/inbox/links", Map.of("name", "Kim")).errorCode()).isEqualTo("bad_request");
        assertThat(server.api("POST", "/api/v1/inbox/links", Map.of("ref", "x", "entries", java.util.List.of("nope")))
                .errorCode()).isEqualTo("bad_request");
        var served = server.api("POST", "/api/v1/inbox/links", Map.of("ref", "x", "entries", java.util.List.of("ung")));
        assertThat(served.status()).isEqualTo(201);
        assertThat(served.body().get("url").asText()).contains("/inbox#");
    }
}
