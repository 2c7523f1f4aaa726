package se.samtal.server.chat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samtal.client.SamtalConnection;
import se.samtal.server.testing.TestServer;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samtal.server.testing.ChatTesting.PATIENT;
import static se.samtal.server.testing.ChatTesting.THERAPIST;
import static se.samtal.server.testing.ChatTesting.createConversation;
import static se.samtal.server.testing.ChatTesting.link;
import static se.samtal.server.testing.ChatTesting.send;
import static se.samtal.server.testing.ChatTesting.subscribe;

/** The platform's side of care conversations: opening them, the care team, expectations, legal hold, export, deletion. */
class ConversationApiIT {
    private static final String BASE = "/api/v1/conversations";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(config -> TestServer.tenant(config).putObject("chat")
                .put("retentionDays", 30)
                .set("urgentHelp", config.objectNode().put("sv", "Ring 112 vid fara. Psykiatrins akutmottagning: 010-000 00 00.")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Map<String, Object> member(String ref, String role, String name) {
        return Map.of("ref", ref, "role", role, "name", name);
    }

    @Test
    void aConversationIsOpenedWithOnePatientAndACareTeamAndReadBackWithUnreadCounts() {
        String id = createConversation(server);
        SamtalConnection patient = server.join(link(server, id, PATIENT));
        send(patient, "Hej!");

        var read = server.api("GET", BASE + "/" + id, null);

        assertThat(read.status()).isEqualTo(200);
        var body = read.body();
        assertThat(body.get("kind").asText()).isEqualTo("care");
        assertThat(body.get("status").asText()).isEqualTo("open");
        assertThat(body.get("title").asText()).isEqualTo("ADHD-uppföljning");
        assertThat(body.get("lastSeq").asLong()).isEqualTo(1);
        assertThat(body.get("members")).hasSize(2);
        var therapist = body.get("members").get(1);
        assertThat(therapist.get("ref").asText()).isEqualTo(THERAPIST);
        assertThat(therapist.get("unread").asInt()).isEqualTo(1);
        assertThat(body.get("members").get(0).get("readSeq").asLong()).as("the patient read what they wrote").isEqualTo(1);
        assertThat(body.get("expectations").get("urgentHelp").get("sv").asText()).contains("010-000 00 00");
        patient.close();
    }

    @Test
    void aConversationNeedsExactlyOnePatientACareTeamKnownRolesAndSaneSettings() {
        var noTeam = server.api("POST", BASE, Map.of("members", List.of(member("p", "patient", "P"))));
        assertThat(noTeam.status()).isEqualTo(400);
        assertThat(noTeam.body().get("error").get("message").asText()).contains("therapist");
        var twoPatients = server.api("POST", BASE, Map.of("members", List.of(member("p", "patient", "P"),
                member("q", "patient", "Q"), member("t", "therapist", "T"))));
        assertThat(twoPatients.status()).isEqualTo(400);
        var observer = server.api("POST", BASE, Map.of("members", List.of(member("p", "patient", "P"),
                member("t", "therapist", "T"), member("o", "observer", "O"))));
        assertThat(observer.status()).isEqualTo(400);
        var sameRef = server.api("POST", BASE, Map.of("members", List.of(member("p", "patient", "P"), member("p", "therapist", "T"))));
        assertThat(sameRef.status()).isEqualTo(400);
        var typo = server.api("POST", BASE, Map.of("titel", "x", "members", List.of(member("p", "patient", "P"))));
        assertThat(typo.body().get("error").get("message").asText()).contains("titel");
        var badZone = server.api("POST", BASE, Map.of("members", List.of(member("p", "patient", "P"), member("t", "therapist", "T")),
                "staffedHours", Map.of("zone", "Mars/Olympus", "weekly", Map.of())));
        assertThat(badZone.status()).isEqualTo(400);
        assertThat(badZone.body().get("error").get("message").asText()).contains("zone");
        var badHours = server.api("POST", BASE, Map.of("members", List.of(member("p", "patient", "P"), member("t", "therapist", "T")),
                "staffedHours", Map.of("zone", "Europe/Stockholm", "weekly", Map.of("mon", List.of("16:00-08:00")))));
        assertThat(badHours.status()).isEqualTo(400);
        var badUnit = server.api("POST", BASE, Map.of("members", List.of(member("p", "patient", "P"), member("t", "therapist", "T")),
                "replyWithin", Map.of("amount", 2, "unit", "fortnights")));
        assertThat(badUnit.status()).isEqualTo(400);
        var notJson = server.api("POST", BASE, "{members:");
        assertThat(notJson.errorCode()).isEqualTo("malformed_json");
    }

    @Test
    void theCareTeamChangesAndEveryoneConnectedSeesIt() throws Exception {
        String id = createConversation(server);
        SamtalConnection patient = server.join(link(server, id, PATIENT));
        subscribe(patient, null);

        var added = server.api("POST", BASE + "/" + id + "/members", member("nurse-7", "therapist", "Sjuksköterska Sara"));
        assertThat(added.status()).isEqualTo(201);
        String memberId = added.body().get("memberId").asText();
        var updated = patient.awaitEvent(se.samtal.protocol.ServerMessage.ChatUpdated.class, u -> true, Duration.ofSeconds(5));
        assertThat(updated.conversation().members()).extracting(m -> m.name()).contains("Sjuksköterska Sara");
        assertThat(server.api("POST", BASE + "/" + id + "/members", member("patient-2", "patient", "Två")).status()).isEqualTo(409);

        var minted = server.api("POST", BASE + "/" + id + "/links", Map.of("memberId", memberId, "ttlSeconds", 600));
        assertThat(minted.status()).isEqualTo(201);
        assertThat(minted.body().get("url").asText()).contains("/conversation#");
        SamtalConnection nurse = server.join(minted.body().get("token").asText());
        assertThat(nurse.welcome().you().participantId()).isEqualTo(memberId);

        assertThat(server.api("DELETE", BASE + "/" + id + "/members/" + memberId, null).status()).isEqualTo(204);
        assertThat(server.api("DELETE", BASE + "/" + id + "/members/" + memberId, null).status()).isEqualTo(404);
        assertThat(server.api("POST", BASE + "/" + id + "/links", Map.of("memberId", memberId)).errorCode()).isEqualTo("not_a_member");
        var read = server.api("GET", BASE + "/" + id, null).body();
        assertThat(read.get("members").get(2).has("removedAt")).isTrue();
        patient.close();
    }

    @Test
    void theReplyTimeAndStaffedHoursOfAConversationOverrideTheTenantsAndReachItsMembers() throws Exception {
        String id = createConversation(server);
        SamtalConnection patient = server.join(link(server, id, PATIENT));
        subscribe(patient, null);
        var settings = Map.of("replyWithin", Map.of("amount", 5, "unit", "workdays"),
                "staffedHours", Map.of("zone", "Europe/Stockholm", "weekly", Map.of("tue", List.of("09:00-11:00")),
                        "closedDates", List.of("2026-12-24")));

        var put = server.api("PUT", BASE + "/" + id + "/settings", settings);

        assertThat(put.status()).isEqualTo(200);
        assertThat(put.body().get("expectations").get("replyWithin").get("amount").asInt()).isEqualTo(5);
        var updated = patient.awaitEvent(se.samtal.protocol.ServerMessage.ChatUpdated.class, u -> true, Duration.ofSeconds(5));
        assertThat(updated.conversation().expectations().staffedHours().weekly()).containsOnlyKeys("tue");
        assertThat(server.api("PUT", BASE + "/" + id + "/settings", Map.of("replyWithin", Map.of("amount", 0, "unit", "days")))
                .status()).isEqualTo(400);
        patient.close();
    }

    @Test
    void aLegalHoldBlocksDeletionUntilItIsLiftedAndDeletionIsFinal() {
        String id = createConversation(server);
        var hold = server.api("PUT", BASE + "/" + id + "/legal-hold", Map.of("reason", "Klagomål till IVO, dnr 2026-123"));
        assertThat(hold.status()).isEqualTo(200);
        assertThat(hold.body().get("legalHold").get("reason").asText()).startsWith("Klagomål");

        var refused = server.api("DELETE", BASE + "/" + id, null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("conflict");
        assertThat(server.api("GET", BASE + "/" + id, null).status()).isEqualTo(200);

        assertThat(server.api("DELETE", BASE + "/" + id + "/legal-hold", null).body().has("legalHold")).isFalse();
        assertThat(server.api("DELETE", BASE + "/" + id, null).status()).isEqualTo(204);
        assertThat(server.api("GET", BASE + "/" + id, null).errorCode()).isEqualTo("conversation_not_found");
        assertThat(server.api("PATCH", BASE + "/" + id + "/legal-hold", Map.of()).status()).isEqualTo(405);
        assertThat(server.api("GET", BASE + "/" + id + "/p-5f20-secret", null).status()).isEqualTo(404);
        assertThat(server.get("/metrics").raw().body()).as("routes in metrics are templates, never what was asked for")
                .doesNotContain("p-5f20-secret").contains("route=\"/api/v1/conversations/{id}/legal-hold\"");
    }

    @Test
    void anExportForTheJournalHasEveryMessageWithTimeRoleAndNameAsJsonOrPlainText() {
        String id = createConversation(server);
        SamtalConnection patient = server.join(link(server, id, PATIENT));
        SamtalConnection therapist = server.join(link(server, id, THERAPIST));
        send(patient, "Jag tar medicinen på morgonen.\nMen jag glömmer ibland.");
        send(therapist, "Bra att du säger det. Prova ett larm.");
        send(patient, "<img src=x onerror=alert(1)>");

        var json = server.api("GET", BASE + "/" + id + "/export", null);
        assertThat(json.status()).isEqualTo(200);
        var messages = json.body().get("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(0).get("sender").get("ref").asText()).isEqualTo(PATIENT);
        assertThat(messages.get(0).get("sender").get("name").asText()).isEqualTo("Patient Pim");
        assertThat(messages.get(1).get("sender").get("role").asText()).isEqualTo("therapist");
        assertThat(messages.get(0).get("text").asText()).contains("\n");
        assertThat(messages.get(2).get("text").asText()).isEqualTo("<img src=x onerror=alert(1)>");
        assertThat(json.body().get("timeZone").asText()).isEqualTo("Europe/Stockholm");
        assertThat(json.body().get("more").asBoolean()).isFalse();
        var chain = json.body().get("chain");
        assertThat(chain.get("status").asText()).isEqualTo("intact");
        assertThat(chain.get("fromSeq").asLong()).isEqualTo(1);
        assertThat(chain.get("throughSeq").asLong()).isEqualTo(3);
        assertThat(chain.get("head").asText()).matches("[0-9a-f]{64}");
        assertThat(json.raw().headers().firstValue("Samtal-Export-Chain")).hasValue("intact");

        var text = server.api("GET", BASE + "/" + id + "/export?format=text", null);
        assertThat(text.raw().headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(text.raw().body())
                .contains("Samtal – utskrift av konversation", "Patient Pim – patient", "Terapeut Tove – behandlare",
                        "Terapeut Tove (behandlare):", "    Jag tar medicinen på morgonen.\n    Men jag glömmer ibland.")
                .containsPattern("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}  Patient Pim \\(patient\\):")
                .contains("Meddelandekedjan är kontrollerad: meddelandena nr 1–3 är oförändrade sedan de skrevs.");
        assertThat(server.api("GET", BASE + "/" + id + "/export?format=text&lang=en", null).raw().body())
                .contains("Terapeut Tove (therapist):");

        var page = server.api("GET", BASE + "/" + id + "/export?limit=2", null);
        assertThat(page.body().get("messages")).hasSize(2);
        assertThat(page.raw().headers().firstValue("Samtal-Export-Next-After-Seq")).hasValue("2");
        var rest = server.api("GET", BASE + "/" + id + "/export?afterSeq=2", null);
        assertThat(rest.body().get("messages").get(0).get("seq").asLong()).isEqualTo(3);
        assertThat(server.get("/metrics").raw().body())
                .contains("samtal_chat_messages_total{kind=\"care\",tenant=\"region-a\"}")
                .contains("samtal_store_commit_batch_size_bucket{database=\"chat\"")
                .doesNotContain("Pim", "onerror");
        assertThat(server.api("GET", BASE + "/" + id + "/export?format=pdf", null).status()).isEqualTo(400);
        assertThat(server.api("GET", BASE + "/" + id + "/export?limit=0", null).status()).isEqualTo(400);
        patient.close();
        therapist.close();
    }

    @Test
    void anExportSaysWhereTheStoredMessagesNoLongerMatchTheirChain() throws Exception {
        String id = createConversation(server);
        SamtalConnection patient = server.join(link(server, id, PATIENT));
        send(patient, "Jag mår bättre nu.");
        send(patient, "Men sover dåligt.");
        send(patient, "Ses på torsdag.");
        // Someone with the database changes a stored message behind samtal's back.
        try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + server.dataDir().resolve("chat.db"));
             var pragma = db.createStatement();
             var st = db.prepareStatement("UPDATE messages SET body = 'Jag mår bra.' WHERE conversation_id = ? AND seq = 1")) {
            pragma.execute("PRAGMA busy_timeout = 5000");
            st.setString(1, id);
            assertThat(st.executeUpdate()).isEqualTo(1);
        }

        var json = server.api("GET", BASE + "/" + id + "/export", null);
        assertThat(json.status()).as("the journal still gets what is stored").isEqualTo(200);
        assertThat(json.body().get("messages").get(0).get("text").asText()).isEqualTo("Jag mår bra.");
        assertThat(json.body().get("chain").get("status").asText()).isEqualTo("broken");
        assertThat(json.body().get("chain").get("brokenAtSeq").asLong()).isEqualTo(1);
        assertThat(json.raw().headers().firstValue("Samtal-Export-Chain")).hasValue("broken");
        assertThat(server.api("GET", BASE + "/" + id + "/export?format=text", null).raw().body())
                .contains("VARNING: meddelandekedjan stämmer inte från nr 1.");

        // Cleverer: every link recomputed after the change, and the head. The stored chain is
        // consistent again, but the audit trail kept the link of the patient's first message.
        try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + server.dataDir().resolve("chat.db"))) {
            db.createStatement().execute("PRAGMA busy_timeout = 5000");
            byte[] link = se.samtal.chat.message.MessageChain.genesis();
            var rows = new java.util.ArrayList<se.samtal.chat.message.Message>();
            try (var st = db.prepareStatement("SELECT seq, sender_id, sender_role, sender_name, body, sent_at, idempotency_key"
                    + " FROM messages WHERE conversation_id = ? ORDER BY seq")) {
                st.setString(1, id);
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new se.samtal.chat.message.Message(id, rs.getLong(1), rs.getString(2),
                                se.samtal.protocol.Role.fromWire(rs.getString(3)), rs.getString(4), rs.getString(5),
                                java.time.Instant.ofEpochMilli(rs.getLong(6)), rs.getString(7)));
                    }
                }
            }
            for (var m : rows) {
                link = se.samtal.chat.message.MessageChain.next(link, TestServer.TENANT, m);
                try (var st = db.prepareStatement("UPDATE messages SET chain = ? WHERE conversation_id = ? AND seq = ?")) {
                    st.setBytes(1, link);
                    st.setString(2, id);
                    st.setLong(3, m.seq());
                    st.executeUpdate();
                }
            }
            try (var st = db.prepareStatement("UPDATE conversations SET chain_head = ? WHERE id = ?")) {
                st.setBytes(1, link);
                st.setString(2, id);
                st.executeUpdate();
            }
        }
        var again = server.api("GET", BASE + "/" + id + "/export", null).body().get("chain");
        assertThat(again.get("status").asText()).isEqualTo("broken");
        assertThat(again.get("brokenAtSeq").asLong()).isEqualTo(1);
        patient.close();
    }

    @Test
    void aSessionsChatIsFoundByItsSessionAndExportedLikeAnyConversation() {
        String session = server.bookSession();
        SamtalConnection therapist = server.join(server.link(session, "therapist-1"));
        subscribe(therapist, null);
        send(therapist, "Länk till övningen: se 1177.");

        var found = server.api("GET", BASE + "?sessionId=" + session, null).body().get("items");
        assertThat(found).hasSize(1);
        String id = found.get(0).get("id").asText();
        assertThat(found.get(0).get("kind").asText()).isEqualTo("session");
        assertThat(server.api("GET", BASE + "/" + id + "/export?format=text", null).raw().body()).contains("chatt i samtal " + session);
        assertThat(server.api("GET", BASE + "?sessionId=s_none", null).body().get("items")).isEmpty();
        assertThat(server.api("GET", BASE, null).status()).isEqualTo(400);
        assertThat(server.api("POST", BASE + "/" + id + "/members", member("x", "therapist", "X")).status()).isEqualTo(409);
        therapist.close();
    }
}
