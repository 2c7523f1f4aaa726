package se.samtal.server.audit;

import org.junit.jupiter.api.Test;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.Stage;
import se.samtal.server.testing.TestServer;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samtal.server.audit.AuditStream.action;
import static se.samtal.server.audit.Trail.refused;
import static se.samtal.server.audit.Trail.seen;
import static se.samtal.server.testing.ChatTesting.await;
import static se.samtal.server.testing.ChatTesting.history;
import static se.samtal.server.testing.ChatTesting.send;
import static se.samtal.server.testing.ChatTesting.subscribe;
import static se.samtal.server.testing.TestServer.platformClaims;
import static se.samtal.server.testing.TestServer.sign;

/**
 * A whole video visit through the Java client and the platform API, and the session's audit log
 * afterwards: every act is in it exactly once, with who did it, to whom, and how it ended; and
 * failed attempts to get in are on record.
 */
class VisitAuditIT extends AuditedServer {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void everyActOfAVisitIsInTheSessionsLogExactlyOnce() throws Exception {
        String session = server.bookSession();
        assertThat(server.api("GET", "/api/v1/sessions/" + session, null).status()).isEqualTo(200);
        SamtalConnection therapist = server.join(server.link(session, "therapist-1"));
        SamtalConnection patient = server.join(server.link(session, "patient-1"));
        String patientId = patient.welcome().you().participantId();

        assertThat(Trail.refusal(patient.request(id -> new ClientMessage.Admit(id, patientId)))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(Trail.refusal(patient.request(id -> new ClientMessage.ChatSend(id, null, "k0", "Hej?"))))
                .isEqualTo(ErrorCode.NOT_ADMITTED);
        await(therapist.request(id -> new ClientMessage.Admit(id, patientId)));
        awaitStage(patient, patientId, Stage.ADMITTED);
        subscribe(patient, null);
        send(patient, "Jag mår inte bra idag.");
        history(therapist, null, null, 10);
        await(therapist.request(id -> new ClientMessage.SendBack(id, patientId)));

        var guestLink = server.api("POST", "/api/v1/sessions/" + session + "/links",
                Map.of("ref", "guest-7", "role", "guest", "name", "Gäst Gun")).body().get("token").asText();
        SamtalConnection guest = server.join(guestLink);
        String guestId = guest.welcome().you().participantId();
        await(therapist.request(id -> new ClientMessage.Deny(id, guestId)));
        assertThat(Trail.refusal(patient.request(ClientMessage.EndSession::new))).isEqualTo(ErrorCode.FORBIDDEN);
        await(patient.request(ClientMessage.Leave::new));
        stream.await(action("session.left", session));

        String chat = server.api("GET", "/api/v1/conversations?sessionId=" + session, null).body().get("items").get(0)
                .get("id").asText();
        assertThat(server.api("GET", "/api/v1/conversations/" + chat + "/export", null).status()).isEqualTo(200);
        await(therapist.request(ClientMessage.EndSession::new));
        String lateToken = sign(platformClaims(session, "patient-1", "patient").build(), TestServer.SECRET);
        assertThat(Trail.refusedHello(server, lateToken)).isEqualTo(ErrorCode.SESSION_ENDED);
        stream.await(e -> action("session.joined", session).test(e) && e.path("outcome").asText().equals("refused"));

        var log = Trail.objectLog(server, "sessions", session);
        assertThat(Trail.withoutLogReads(log)).containsExactlyInAnyOrder(
                seen("session.booked", PLATFORM),
                seen("session.read", PLATFORM),
                seen("link.minted", PLATFORM, "therapist-1"),
                seen("link.minted", PLATFORM, "patient-1"),
                seen("link.minted", PLATFORM, "guest-7"),
                seen("session.joined", "therapist-1"),
                seen("session.joined", "patient-1"),
                new Trail.Seen("participant.admitted", "patient-1", "refused:forbidden", "patient-1"),
                refused("chat.message_sent", "patient-1", "not_admitted"),
                seen("participant.admitted", "therapist-1", "patient-1"),
                seen("chat.history_read", "patient-1"),
                seen("chat.message_sent", "patient-1"),
                seen("chat.history_read", "therapist-1"),
                seen("participant.sent_back", "therapist-1", "patient-1"),
                seen("session.joined", "guest-7"),
                seen("participant.denied", "therapist-1", "guest-7"),
                refused("session.changed", "patient-1", "forbidden"),
                seen("session.left", "patient-1"),
                seen("conversation.read", PLATFORM),
                seen("conversation.exported", PLATFORM),
                seen("session.changed", "therapist-1"),
                refused("session.joined", "patient-1", "session_ended"));
        assertThat(log).allSatisfy(e -> {
            assertThat(e.get("tenant").asText()).isEqualTo(TestServer.TENANT);
            assertThat(e.get("patients")).extracting(p -> p.asText()).contains("patient-1");
            assertThat(e.has("request")).as("%s has a request id", e.get("action")).isTrue();
        });
        var read = log.stream().filter(action("chat.history_read")).filter(e -> e.path("actor").path("ref").asText()
                .equals("therapist-1")).findFirst().orElseThrow();
        assertThat(read.get("detail").get("firstSeq").asLong()).isEqualTo(1);
        assertThat(read.get("detail").get("lastSeq").asLong()).isEqualTo(1);
        assertThat(read.get("object").get("id").asText()).isEqualTo(chat);
        assertThat(read.get("object").get("session").asText()).isEqualTo(session);
        var sent = log.stream().filter(action("chat.message_sent")).filter(e -> e.get("outcome").asText().equals("success"))
                .findFirst().orElseThrow();
        assertThat(sent.get("detail").get("seq").asLong()).isEqualTo(1);
        assertThat(log.stream().filter(action("session.left")).findFirst().orElseThrow().get("detail").get("reason").asText())
                .isEqualTo("left");
        therapist.close();
        guest.close();
    }

    @Test
    void cancellingIsOnRecordAndSoIsTryingToJoinAfterwards() throws Exception {
        String session = server.bookSession();
        String token = server.link(session, "patient-1");
        assertThat(server.api("POST", "/api/v1/sessions/" + session + "/cancel", null).status()).isEqualTo(200);
        assertThat(Trail.refusedHello(server, token)).isEqualTo(ErrorCode.SESSION_CANCELLED);
        stream.await(e -> action("session.joined", session).test(e) && e.path("outcome").asText().equals("refused"));

        assertThat(Trail.withoutLogReads(Trail.objectLog(server, "sessions", session))).containsExactly(
                seen("session.booked", PLATFORM),
                seen("link.minted", PLATFORM, "patient-1"),
                seen("session.cancelled", PLATFORM),
                refused("session.joined", "patient-1", "session_cancelled"));
    }

    @Test
    void someoneWhoDropsAndDoesNotComeBackLeavesWithoutARequest() {
        String session = server.bookSession();
        SamtalConnection patient = server.join(server.link(session, "patient-1"));
        patient.close(); // no goodbye: after the grace period (2 s here) they count as gone

        var left = stream.await(action("session.left", session));
        assertThat(left.get("detail").get("reason").asText()).isEqualTo("disconnected");
        assertThat(left.get("actor").get("ref").asText()).isEqualTo("patient-1");
        assertThat(left.has("request")).isFalse();
    }

    @Test
    void aTokenThatDoesNotVerifyIsAFailedAuthenticationInTheTenantItClaims() throws Exception {
        String session = server.bookSession();
        String forged = sign(platformClaims(session, "patient-1", "patient").build(), "an-attackers-secret-that-is-long-enough");
        assertThat(Trail.refusedHello(server, forged)).isEqualTo(ErrorCode.TOKEN_INVALID);
        var claimsUnknown = platformClaims(session, "patient-1", "patient").issuer("https://unknown.example").build();
        assertThat(Trail.refusedHello(server, sign(claimsUnknown, TestServer.SECRET))).isEqualTo(ErrorCode.TOKEN_UNKNOWN_ISSUER);

        var failed = stream.await(e -> action("auth.failed").test(e) && e.path("code").asText().equals("token_invalid"));
        assertThat(failed.get("tenant").asText()).isEqualTo(TestServer.TENANT);
        assertThat(failed.get("actor").get("kind").asText()).isEqualTo("anonymous");
        assertThat(failed.get("patients")).isEmpty();
        assertThat(failed.has("object")).as("nothing of an unverified token is trusted").isFalse();
        var unknown = stream.await(e -> action("auth.failed").test(e) && e.path("code").asText().equals("token_unknown_issuer"));
        assertThat(unknown.get("tenant").asText()).isEqualTo(AuditTrail.UNATTRIBUTED);
        assertThat(Trail.withoutLogReads(Trail.objectLog(server, "sessions", session)))
                .containsExactly(seen("session.booked", PLATFORM));
    }

    @Test
    void anUnknownApiKeyIsAFailedAuthenticationNamingTheRoute() {
        assertThat(server.api("GET", "/api/v1/sessions?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z", null,
                "sk_wrong_key_0123456789").status()).isEqualTo(401);

        var failed = stream.await(e -> action("auth.failed").test(e) && e.path("code").asText().equals("unauthorized"));
        assertThat(failed.get("tenant").asText()).isEqualTo(AuditTrail.UNATTRIBUTED);
        assertThat(failed.get("detail").get("method").asText()).isEqualTo("GET");
        assertThat(failed.get("detail").get("route").asText()).isEqualTo("/api/v1/sessions");
        assertThat(failed.get("request").asText()).isNotBlank();
        assertThat(stream.lines()).noneMatch(line -> line.contains("sk_wrong_key"));
    }

    private static void awaitStage(SamtalConnection on, String participantId, Stage stage) throws InterruptedException {
        assertThat(on.awaitEvent(ServerMessage.Presence.class, p -> p.participant().participantId().equals(participantId)
                && p.participant().stage() == stage, WAIT)).isNotNull();
    }
}
