package se.samtal.server.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samtal.audit.chain.ChainHash;
import se.samtal.audit.chain.EntryCodec;
import se.samtal.client.SamtalConnection;
import se.samtal.server.testing.TestServer;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samtal.server.audit.AuditStream.action;
import static se.samtal.server.testing.ChatTesting.createConversation;
import static se.samtal.server.testing.ChatTesting.letIn;
import static se.samtal.server.testing.ChatTesting.link;
import static se.samtal.server.testing.ChatTesting.send;
import static se.samtal.server.testing.ChatTesting.subscribe;
import static se.samtal.server.testing.TestServer.API_KEY;
import static se.samtal.server.testing.TestServer.OTHER_API_KEY;

/**
 * The patient's access log ("loggutdrag") over a time range, in one call: every access to their
 * data by every actor, nothing of other patients or tenants, with the hashes that prove the
 * answer was not edited; and nothing in the trail that it must not hold.
 */
class PatientLogIT extends AuditedServer {
    private static final String BODY = "Jag tar min medicin på kvällen nu.";
    private static Instant start;
    private static Instant middle;
    private static String mine;
    private static String someoneElses;
    private static String otherTenants;
    private static final List<String> tokens = new ArrayList<>();

    @BeforeAll
    static void visitsOfTwoPatientsInTwoTenants() throws Exception {
        start = server.now().minusSeconds(1);
        mine = server.bookSession();
        tokens.add(server.link(mine, "therapist-1"));
        tokens.add(server.link(mine, "patient-1"));
        SamtalConnection therapist = server.join(tokens.get(0));
        SamtalConnection patient = letIn(therapist, server.join(tokens.get(1)));
        subscribe(patient, null);
        send(patient, BODY);
        stream.await(action("chat.message_sent"));
        middle = server.now();
        Awaitility.await().until(() -> server.now().isAfter(middle.plusMillis(5)));

        someoneElses = book(API_KEY, "patient-2");
        tokens.add(server.link(someoneElses, "therapist-1"));
        server.join(tokens.getLast()).close();
        otherTenants = book(OTHER_API_KEY, "patient-1");
        String conversation = createConversation(server);
        tokens.add(link(server, conversation, "patient-1"));
        send(server.join(tokens.getLast()), BODY + " (vårdkonversation)");
        var day = server.now().truncatedTo(ChronoUnit.DAYS);
        assertThat(server.api("GET", "/api/v1/sessions?from=" + day + "&to=" + day.plus(1, ChronoUnit.DAYS), null).status())
                .isEqualTo(200);
        stream.await(action("session.listed"));
        therapist.close();
        patient.close();
    }

    private static String book(String apiKey, String patientRef) {
        var now = server.now().truncatedTo(ChronoUnit.SECONDS);
        var response = server.api("POST", "/api/v1/sessions", Map.of("kind", "video", "scheduledStart", now.toString(),
                "scheduledEnd", now.plusSeconds(3600).toString(), "participants", List.of(
                        Map.of("ref", "therapist-1", "role", "therapist", "name", "Terapeut Tove"),
                        Map.of("ref", patientRef, "role", "patient", "name", "Patient Pim"))), apiKey);
        assertThat(response.status()).isEqualTo(201);
        return response.body().get("id").asText();
    }

    private static List<JsonNode> log(String apiKey, String patient, Instant from, Instant to) {
        var items = new ArrayList<JsonNode>();
        String cursor = null;
        do {
            var query = new HashMap<String, Object>(Map.of("patientRef", patient, "from", from.toString(), "to", to.toString(),
                    "limit", 3));
            if (cursor != null) {
                query.put("cursor", cursor);
            }
            var response = Trail.patientLog(server, apiKey, query);
            assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
            response.body().get("items").forEach(items::add);
            cursor = response.body().path("nextCursor").asText(null);
        } while (cursor != null);
        return items;
    }

    @Test
    void aPatientsLogShowsEveryAccessByEveryActorAndNothingOfOthers() {
        var items = log(API_KEY, "patient-1", start, server.now().plusSeconds(1));

        assertThat(items).allSatisfy(e -> {
            assertThat(e.get("tenant").asText()).isEqualTo(TestServer.TENANT);
            assertThat(e.get("patients")).extracting(JsonNode::asText).contains("patient-1");
            assertThat(e.path("object").path("id").asText()).isNotIn(someoneElses, otherTenants);
        });
        assertThat(items).extracting(e -> e.get("action").asText()).contains("session.booked", "link.minted", "session.joined",
                "participant.admitted", "chat.history_read", "chat.message_sent", "conversation.opened", "conversation.entered",
                "session.listed");
        assertThat(items).extracting(e -> Trail.Seen.of(e).actor())
                .contains(PLATFORM, "therapist-1", "patient-1");
        assertThat(items).extracting(e -> e.get("seq").asLong()).doesNotHaveDuplicates();
        var times = items.stream().map(e -> Instant.parse(e.get("at").asText())).toList();
        assertThat(times).isSorted();
    }

    @Test
    void theRangeIsHonouredAndItsHalvesPageUpToTheWhole() {
        Instant end = server.now();
        var before = log(API_KEY, "patient-1", start, middle);
        var after = log(API_KEY, "patient-1", middle, end);
        var whole = log(API_KEY, "patient-1", start, end);

        assertThat(before).extracting(e -> e.get("action").asText()).contains("session.booked", "chat.message_sent")
                .doesNotContain("conversation.opened", "session.listed");
        assertThat(before).allSatisfy(e -> assertThat(Instant.parse(e.get("at").asText())).isBefore(middle));
        assertThat(after).allSatisfy(e -> assertThat(Instant.parse(e.get("at").asText())).isBetween(middle, end));
        var halves = new ArrayList<Long>();
        before.forEach(e -> halves.add(e.get("seq").asLong()));
        after.forEach(e -> halves.add(e.get("seq").asLong()));
        assertThat(halves).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(whole.stream().map(e -> e.get("seq").asLong()).toList());
    }

    @Test
    void anotherTenantSeesOnlyItsOwnEntriesForTheSameRef() {
        var theirs = log(OTHER_API_KEY, "patient-1", start, server.now().plusSeconds(1));
        assertThat(theirs).isNotEmpty().allSatisfy(e -> {
            assertThat(e.get("tenant").asText()).isEqualTo(TestServer.OTHER_TENANT);
            assertThat(e.path("object").path("id").asText()).isIn(otherTenants, "");
        });
        assertThat(Trail.objectLog(server, "sessions", otherTenants)).as("region-a's key sees nothing of provider-b's session")
                .isEmpty();
    }

    @Test
    void eachEntryCarriesTheHashesThatProveItAndTheChainVerifiesInTheSameCall() {
        var response = Trail.patientLog(server, API_KEY, Map.of("patientRef", "patient-1", "verify", true));
        assertThat(response.status()).isEqualTo(200);
        var verification = response.body().get("chain").get("verification");
        assertThat(verification.get("intact").asBoolean()).as(verification.toString()).isTrue();
        long head = response.body().get("chain").get("head").get("seq").asLong();
        assertThat(verification.get("checked").asLong()).isEqualTo(head);
        for (JsonNode item : response.body().get("items")) {
            var entry = ((ObjectNode) item.deepCopy());
            String hash = entry.remove("hash").asText();
            String prevHash = entry.remove("prevHash").asText();
            assertThat(ChainHash.of(prevHash, EntryCodec.canonicalize(entry))).as("entry %s", item.get("seq")).isEqualTo(hash);
            assertThat(item.get("seq").asLong()).isLessThanOrEqualTo(head);
        }

        stream.await(e -> action("audit.read").test(e) && e.path("detail").path("verified").asBoolean());
        var again = log(API_KEY, "patient-1", start, server.now().plusSeconds(1));
        var read = again.stream().filter(action("audit.read")).findFirst().orElseThrow();
        assertThat(read.get("actor").get("credential").asText()).isEqualTo(PLATFORM);
        assertThat(read.get("object").get("type").asText()).isEqualTo("patient_log");
    }

    @Test
    void badQueriesAreTypedErrorsAndTheLogIsForTheTenantsKeyOnly() {
        assertThat(Trail.patientLog(server, API_KEY, Map.of("from", start.toString())).errorCode()).isEqualTo("bad_request");
        assertThat(Trail.patientLog(server, API_KEY, Map.of("patientRef", "patient-1", "cursor", "nonsense")).errorCode())
                .isEqualTo("bad_request");
        assertThat(Trail.patientLog(server, API_KEY, Map.of("patientRef", "patient-1", "from", middle.toString(),
                "to", start.toString())).errorCode()).isEqualTo("bad_request");
        assertThat(Trail.patientLog(server, API_KEY, Map.of("patientRef", "patient-1", "limit", 0)).errorCode())
                .isEqualTo("bad_request");
        assertThat(Trail.patientLog(server, API_KEY, Map.of("patientRef", "patient-1", "name", "x")).errorCode())
                .isEqualTo("bad_request");
        assertThat(server.api("GET", "/api/v1/audit/patient-log", null).errorCode()).isEqualTo("method_not_allowed");
        assertThat(server.api("GET", "/api/v1/audit/sessions/" + mine + "?limit=x", null).errorCode()).isEqualTo("bad_request");
        assertThat(server.api("GET", "/api/v1/audit/verify", null, null).status()).isEqualTo(401);
        assertThat(server.api("GET", "/api/v1/audit/elsewhere", null).status()).isEqualTo(404);
    }

    @Test
    void noEntryHoldsAMessageATokenANameOrAnApiKey() throws SQLException {
        var forbidden = new ArrayList<>(tokens);
        forbidden.addAll(List.of(BODY, "vårdkonversation", "Terapeut Tove", "Patient Pim", "Namn ", API_KEY, OTHER_API_KEY,
                TestServer.SECRET));
        var stored = new ArrayList<String>();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + server.dataDir().resolve("chat.db"));
             var rs = c.createStatement().executeQuery("SELECT entry FROM audit_entries")) {
            while (rs.next()) {
                stored.add(rs.getString(1));
            }
        }

        assertThat(stored).hasSizeGreaterThan(10);
        for (String secret : forbidden) {
            assertThat(stored).noneMatch(entry -> entry.contains(secret));
            assertThat(stream.lines()).noneMatch(line -> line.contains(secret));
        }
    }
}
