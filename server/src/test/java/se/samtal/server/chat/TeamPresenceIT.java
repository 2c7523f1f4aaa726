package se.samtal.server.chat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.chat.ChatResults;
import se.samtal.server.testing.TestClock;
import se.samtal.server.testing.TestServer;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samtal.server.testing.ChatTesting.PATIENT;
import static se.samtal.server.testing.ChatTesting.THERAPIST;
import static se.samtal.server.testing.ChatTesting.as;
import static se.samtal.server.testing.ChatTesting.await;
import static se.samtal.server.testing.ChatTesting.createConversation;
import static se.samtal.server.testing.ChatTesting.link;
import static se.samtal.server.testing.ChatTesting.subscribe;

/** Who is there now in a care conversation ({@code chat.presence}), on a clock the test moves. */
class TeamPresenceIT {
    private static final TestClock CLOCK = TestClock.create();
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(CLOCK, config -> {
            se.samtal.server.dropin.DropInTestingAccess.entry(config, "ung", 100, 100);
            se.samtal.server.dropin.DropInTestingAccess.entry(config, "annan", 100, 100);
            var other = (com.fasterxml.jackson.databind.node.ObjectNode) config.get("tenants").get(1);
            other.putObject("chat").put("teamOnline", "never");
        });
        CLOCK.hold();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static ChatResults.Presence presence(SamtalConnection c) {
        return as(await(c.request(id -> new ClientMessage.ChatPresence(id, null))), ChatResults.Presence.class);
    }

    static String inboxToken(String ref, List<String> entries) {
        return server.api("POST", "/api/v1/inbox/links", Map.of("ref", ref, "name", "Kim", "entries", entries)).body()
                .get("token").asText();
    }

    static void openInbox(String token) {
        var answer = TestServer.call(java.net.http.HttpClient.newHttpClient(), server.baseUri(), "GET", "/inbox/api/overview",
                null, token);
        assertThat(answer.status()).isEqualTo(200);
    }

    @Test
    void thePatientSeesWhetherTheCareTeamIsOnlineAndTheTeamSeesWhichMembersAre() {
        String id = createConversation(server);
        SamtalConnection patient = server.join(link(server, id, PATIENT));
        subscribe(patient, null);
        var alone = presence(patient);
        assertThat(alone.teamOnline()).isFalse();
        assertThat(alone.online()).as("patients are not told who").isNull();

        SamtalConnection therapist = server.join(link(server, id, THERAPIST));
        subscribe(therapist, null);
        assertThat(presence(patient).teamOnline()).isTrue();
        var seenByTeam = presence(therapist);
        assertThat(seenByTeam.online()).hasSize(2).contains(subscribe(patient, null).memberId());

        therapist.close();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !presence(patient).teamOnline());
        patient.close();
    }

    @Test
    void aTherapistWithTheInboxOpenIsOnlineForFifteenSeconds() {
        String id = createConversation(server);
        SamtalConnection patient = server.join(link(server, id, PATIENT));
        subscribe(patient, null);
        openInbox(inboxToken(THERAPIST, List.of()));
        assertThat(presence(patient).teamOnline()).isTrue();
        CLOCK.advance(Duration.ofSeconds(16));
        assertThat(presence(patient).teamOnline()).as("the inbox was closed").isFalse();
        patient.close();
    }

    @Test
    void aWaitingDropInSeesTheTeamOnlineWhenSomeoneServingItsEntryHasTheInboxOpen() {
        var started = se.samtal.server.dropin.DropInTestingAccess.start(server, "ung", "Hej");
        SamtalConnection person = server.join(started.body().get("token").asText());
        subscribe(person, null);
        CLOCK.advance(Duration.ofSeconds(16)); // no inbox of an earlier test counts
        assertThat(presence(person).teamOnline()).isFalse();
        openInbox(inboxToken("staff-other", List.of("annan")));
        assertThat(presence(person).teamOnline()).as("serves another entry").isFalse();
        openInbox(inboxToken("staff-ung", List.of("ung")));
        assertThat(presence(person).teamOnline()).isTrue();
        person.close();
    }

    @Test
    void theTenantDecidesWhenPatientsAreTold() throws Exception {
        var outside = server.api("POST", "/api/v1/conversations", Map.of("title", "Utanför", "staffedHours",
                Map.of("zone", "Europe/Stockholm", "weekly", Map.of()), "members", List.of(
                        Map.of("ref", PATIENT, "role", "patient"), Map.of("ref", THERAPIST, "role", "therapist"))));
        String id = outside.body().get("id").asText();
        SamtalConnection patient = server.join(link(server, id, PATIENT));
        subscribe(patient, null);
        assertThat(presence(patient).teamOnline()).as("outside staffed hours, by default").isNull();
        patient.close();

        var never = server.api("POST", "/api/v1/conversations", Map.of("members", List.of(
                Map.of("ref", PATIENT, "role", "patient"), Map.of("ref", THERAPIST, "role", "therapist"))),
                TestServer.OTHER_API_KEY);
        String otherId = never.body().get("id").asText();
        var minted = server.api("POST", "/api/v1/conversations/" + otherId + "/links", Map.of("ref", THERAPIST),
                TestServer.OTHER_API_KEY).body().get("token").asText();
        SamtalConnection therapist = server.join(minted);
        subscribe(therapist, null);
        var told = presence(therapist);
        assertThat(told.teamOnline()).as("the tenant says never").isNull();
        assertThat(told.online()).as("the care team still sees its members").hasSize(1);
        therapist.close();
    }
}
