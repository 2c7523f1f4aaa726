package se.samtal.server.audit;

import org.junit.jupiter.api.Test;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.ErrorCode;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samtal.server.audit.AuditStream.action;
import static se.samtal.server.audit.Trail.refused;
import static se.samtal.server.audit.Trail.seen;
import static se.samtal.server.testing.ChatTesting.PATIENT;
import static se.samtal.server.testing.ChatTesting.createConversation;
import static se.samtal.server.testing.ChatTesting.link;
import static se.samtal.server.testing.ChatTesting.send;
import static se.samtal.server.testing.ChatTesting.subscribe;

/**
 * A care conversation's life through the platform API and the Java client, and its audit log:
 * every call and every read and write is in it exactly once, also after the conversation itself
 * was deleted.
 */
class ConversationAuditIT extends AuditedServer {
    @Test
    void everyCallReadAndWriteOfACareConversationIsInItsLogExactlyOnce() throws Exception {
        String id = createConversation(server);
        String path = "/api/v1/conversations/" + id;
        assertThat(server.api("GET", path, null).status()).isEqualTo(200);
        String secondTherapist = server.api("POST", path + "/members", Map.of("ref", "therapist-2", "role", "therapist",
                "name", "Terapeut Tage")).body().get("memberId").asText();
        SamtalConnection patient = server.join(link(server, id, PATIENT));
        String colleagueLink = link(server, id, "therapist-2");
        SamtalConnection colleague = server.join(colleagueLink);
        send(patient, "Jag har svårt att sova.");
        subscribe(colleague, null);
        assertThat(server.api("DELETE", path + "/members/" + secondTherapist, null).status()).isEqualTo(204);
        assertThat(Trail.refusedHello(server, colleagueLink)).isEqualTo(ErrorCode.NOT_A_MEMBER);
        assertThat(server.api("PUT", path + "/settings", Map.of("replyWithin", Map.of("amount", 1, "unit", "days"))).status())
                .isEqualTo(200);
        assertThat(server.api("PUT", path + "/legal-hold", Map.of("reason", "Klagomål")).status()).isEqualTo(200);
        assertThat(server.api("DELETE", path + "/legal-hold", null).status()).isEqualTo(200);
        assertThat(server.api("GET", path + "/export?format=text", null).status()).isEqualTo(200);
        assertThat(server.api("POST", path + "/close", null).status()).isEqualTo(200);
        assertThat(server.api("DELETE", path, null).status()).isEqualTo(204);
        stream.await(action("conversation.deleted", id));

        var log = Trail.objectLog(server, "conversations", id);
        assertThat(Trail.withoutLogReads(log)).containsExactlyInAnyOrder(
                seen("conversation.opened", PLATFORM),
                seen("conversation.read", PLATFORM),
                seen("conversation.member_added", PLATFORM, "therapist-2"),
                seen("link.minted", PLATFORM, PATIENT),
                seen("link.minted", PLATFORM, "therapist-2"),
                seen("conversation.entered", PATIENT),
                seen("conversation.entered", "therapist-2"),
                seen("chat.message_sent", PATIENT),
                seen("chat.history_read", "therapist-2"),
                seen("conversation.member_removed", PLATFORM, "therapist-2"),
                refused("conversation.entered", "therapist-2", "not_a_member"),
                seen("conversation.changed", PLATFORM),
                seen("conversation.changed", PLATFORM),
                seen("conversation.changed", PLATFORM),
                seen("conversation.exported", PLATFORM),
                seen("conversation.changed", PLATFORM),
                seen("conversation.deleted", PLATFORM));
        assertThat(log).allSatisfy(e -> assertThat(e.get("patients")).extracting(p -> p.asText()).containsExactly(PATIENT));
        assertThat(log.stream().filter(action("conversation.changed")).map(e -> e.get("detail").get("change").asText()))
                .containsExactly("settings", "legal_hold_placed", "legal_hold_lifted", "closed");
        var export = log.stream().filter(action("conversation.exported")).findFirst().orElseThrow();
        assertThat(export.get("detail").get("format").asText()).isEqualTo("text");
        assertThat(export.get("detail").get("count").asLong()).isEqualTo(1);
        patient.close();
        colleague.close();
    }

    @Test
    void aMembersRequestForAnotherConversationIsARefusedAccessOnRecord() throws Exception {
        String id = createConversation(server);
        String other = createConversation(server);
        SamtalConnection patient = server.join(link(server, id, PATIENT));
        assertThat(Trail.refusal(patient.request(r -> new ClientMessage.ChatHistory(r, other, null, null, 10))))
                .isEqualTo(ErrorCode.FORBIDDEN);

        var refusal = stream.await(e -> action("chat.history_read").test(e) && e.path("outcome").asText().equals("refused"));
        assertThat(refusal.get("code").asText()).isEqualTo("forbidden");
        assertThat(refusal.get("actor").get("ref").asText()).isEqualTo(PATIENT);
        assertThat(refusal.get("object").get("id").asText()).as("the conversation the connection is bound to").isEqualTo(id);
        patient.close();
    }
}
