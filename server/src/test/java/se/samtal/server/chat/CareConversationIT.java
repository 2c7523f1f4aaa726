package se.samtal.server.chat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.CloseCodes;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.Role;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.chat.ChatResults;
import se.samtal.server.testing.TestServer;
import se.samtal.server.testing.WebhookReceiver;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;
import static se.samtal.server.testing.ChatTesting.PATIENT;
import static se.samtal.server.testing.ChatTesting.THERAPIST;
import static se.samtal.server.testing.ChatTesting.as;
import static se.samtal.server.testing.ChatTesting.createConversation;
import static se.samtal.server.testing.ChatTesting.link;
import static se.samtal.server.testing.ChatTesting.send;
import static se.samtal.server.testing.ChatTesting.subscribe;

/** A patient and a care team writing to each other across time, through the Java client. */
class CareConversationIT {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static WebhookReceiver platform;
    private static TestServer server;

    @BeforeAll
    static void start() {
        platform = new WebhookReceiver();
        server = TestServer.start(config -> TestServer.tenant(config).putObject("webhook")
                .put("url", platform.url()).put("secret", WebhookReceiver.SECRET));
    }

    @AfterAll
    static void stop() {
        server.close();
        platform.close();
    }

    @Test
    void aPatientWritesWhileTheTherapistIsAwayTheTherapistReadsItLaterAndThePatientSeesItRead() throws Exception {
        String conversation = createConversation(server);
        SamtalConnection patient = server.join(link(server, conversation, PATIENT));
        assertThat(patient.welcome().conversationId()).isEqualTo(conversation);
        assertThat(patient.welcome().session()).isNull();
        assertThat(patient.welcome().you().role()).isEqualTo(Role.PATIENT);
        subscribe(patient, null);

        ChatResults.Sent sent = send(patient, "Hej, jag har svårt att sova sedan dosen ändrades.");
        assertThat(sent.message().seq()).isEqualTo(1);
        assertThat(sent.duplicate()).isFalse();

        await().atMost(WAIT).until(() -> platform.ofType("message.created").stream()
                .anyMatch(d -> d.json().get("data").get("conversationId").asText().equals(conversation)));
        var hook = platform.ofType("message.created").stream()
                .filter(d -> d.json().get("data").get("conversationId").asText().equals(conversation)).findFirst().orElseThrow();
        assertThat(hook.json().get("data").get("recipients")).hasSize(1);
        assertThat(hook.json().get("data").get("recipients").get(0).get("ref").asText()).isEqualTo(THERAPIST);
        assertThat(hook.json().get("data").get("externalRef").asText()).isEqualTo("case-17");
        assertThat(hook.body()).doesNotContain("sova", "Pim", "Tove", "ADHD");

        SamtalConnection therapist = server.join(link(server, conversation, THERAPIST));
        var seen = subscribe(therapist, null);
        assertThat(seen.unread()).isEqualTo(1);
        assertThat(seen.messages()).singleElement().satisfies(m -> {
            assertThat(m.text()).isEqualTo("Hej, jag har svårt att sova sedan dosen ändrades.");
            assertThat(m.sender().role()).isEqualTo(Role.PATIENT);
            assertThat(m.sender().name()).isEqualTo("Patient Pim");
            assertThat(m.idempotencyKey()).as("keys go to their sender only").isNull();
        });

        var marked = as(therapist.request(id -> new ClientMessage.ChatMark(id, null, 1L, 1L)).get(5, TimeUnit.SECONDS),
                ChatResults.Marked.class);
        assertThat(marked.unread()).isZero();
        var receipt = patient.awaitEvent(ServerMessage.ChatReceipt.class, r -> r.memberId().equals(seen.memberId()), WAIT);
        assertThat(receipt.readSeq()).isEqualTo(1);

        send(therapist, "Tack för att du skriver. Vi ringer dig i morgon.");
        var reply = patient.awaitEvent(ServerMessage.ChatMessage.class, m -> true, WAIT);
        assertThat(reply.message().seq()).isEqualTo(2);
        assertThat(reply.message().sender().name()).isEqualTo("Terapeut Tove");
        // The message moved its writer's receipts to its seq; no receipt event of its own says so.
        patient.request(id -> new ClientMessage.ChatMark(id, null, 2L, null)).get(5, TimeUnit.SECONDS);
        assertThat(patient.awaitEvent(ServerMessage.ChatReceipt.class,
                r -> r.memberId().equals(reply.message().sender().memberId()), java.time.Duration.ofMillis(300)))
                .as("the writer's receipt comes with the message").isNull();
        therapist.request(id -> new ClientMessage.ChatUnsubscribe(id, null)).get(5, TimeUnit.SECONDS);
        send(patient, "En sak till: jag glömde dosen i går.");
        await().atMost(WAIT).until(() -> hooksFor(conversation).contains(3L));
        assertThat(hooksFor(conversation)).as("for the reply the patient was there: nobody to notify").containsExactly(1L, 3L);
        patient.close();
        therapist.close();
    }

    private static List<Long> hooksFor(String conversation) {
        return platform.ofType("message.created").stream().map(d -> d.json().get("data"))
                .filter(data -> data.get("conversationId").asText().equals(conversation))
                .map(data -> data.get("seq").asLong()).toList();
    }

    @Test
    void typingReachesTheOthersButNotTheTypistAndIsNeverStored() throws Exception {
        String conversation = createConversation(server);
        SamtalConnection patient = server.join(link(server, conversation, PATIENT));
        SamtalConnection therapist = server.join(link(server, conversation, THERAPIST));
        subscribe(patient, null);
        subscribe(therapist, null);

        patient.request(id -> new ClientMessage.ChatTyping(id, null)).get(5, TimeUnit.SECONDS);
        patient.request(id -> new ClientMessage.ChatTyping(id, null)).get(5, TimeUnit.SECONDS);

        var typing = therapist.awaitEvent(ServerMessage.ChatTyping.class, t -> true, WAIT);
        assertThat(typing.role()).isEqualTo(Role.PATIENT);
        assertThat(typing.name()).isEqualTo("Patient Pim");
        assertThat(typing.expiresInMs()).isPositive();
        assertThat(therapist.awaitEvent(ServerMessage.ChatTyping.class, t -> true, Duration.ofMillis(300)))
                .as("the second indication within the interval is dropped").isNull();
        assertThat(patient.awaitEvent(ServerMessage.ChatTyping.class, t -> true, Duration.ofMillis(300))).isNull();
        assertThat(subscribe(therapist, null).conversation().lastSeq()).isZero();
        patient.close();
        therapist.close();
    }

    @Test
    void membersAreToldWhatToExpectAndWhereToTurnWhenItCannotWait() {
        String conversation = createConversation(server, Map.of(
                "replyWithin", Map.of("amount", 2, "unit", "workdays"),
                "staffedHours", Map.of("zone", "Europe/Stockholm", "weekly", Map.of("mon", List.of("08:00-16:00")))));
        SamtalConnection patient = server.join(link(server, conversation, PATIENT));

        var expectations = subscribe(patient, null).conversation().expectations();

        assertThat(expectations.mode()).isEqualTo("async");
        assertThat(expectations.replyWithin().amount()).isEqualTo(2);
        assertThat(expectations.replyWithin().unit()).isEqualTo("workdays");
        assertThat(expectations.staffedHours().weekly()).containsEntry("mon", List.of("08:00-16:00"));
        assertThat(expectations.staffedNow()).isNotNull();
        if (!expectations.staffedNow()) {
            assertThat(expectations.nextStaffedAt()).isNotNull();
        }
        assertThat(expectations.urgentHelp().get("sv")).contains("112", "1177");
        patient.close();
    }

    @Test
    void aMemberRemovedByThePlatformIsCutOffAtOnceAndCannotComeBack() throws Exception {
        String conversation = createConversation(server);
        String therapistToken = link(server, conversation, THERAPIST);
        SamtalConnection therapist = server.join(therapistToken);
        String memberId = subscribe(therapist, null).memberId();

        var removed = server.api("DELETE", "/api/v1/conversations/" + conversation + "/members/" + memberId, null);
        assertThat(removed.status()).isEqualTo(204);

        var revoked = therapist.awaitEvent(ServerMessage.ChatRevoked.class, r -> true, WAIT);
        assertThat(revoked.reason()).isEqualTo("removed");
        assertThat(therapist.closed().get(5, TimeUnit.SECONDS).getCloseCode().getCode()).isEqualTo(CloseCodes.NORMAL);
        var refused = catchThrowableOfType(SamtalException.class, () -> server.join(therapistToken));
        assertThat(refused.code()).isEqualTo(ErrorCode.NOT_A_MEMBER);
        var resumed = catchThrowableOfType(SamtalException.class,
                () -> server.client().resume(server.wsUri(), therapist.resumeToken(), 0));
        assertThat(resumed.code()).isEqualTo(ErrorCode.NOT_A_MEMBER);
    }

    @Test
    void aClosedConversationCanBeReadButNotWrittenToAndMembersAreToldAtOnce() throws Exception {
        String conversation = createConversation(server);
        SamtalConnection patient = server.join(link(server, conversation, PATIENT));
        subscribe(patient, null);
        send(patient, "Sista frågan innan ni stänger.");

        assertThat(server.api("POST", "/api/v1/conversations/" + conversation + "/close", null).status()).isEqualTo(200);

        var updated = patient.awaitEvent(ServerMessage.ChatUpdated.class, u -> true, WAIT);
        assertThat(updated.conversation().status()).isEqualTo("closed");
        var refused = catchThrowableOfType(SamtalException.class, () -> send(patient, "Hallå?"));
        assertThat(refused.code()).isEqualTo(ErrorCode.CONVERSATION_CLOSED);
        assertThat(subscribe(patient, null).messages()).hasSize(1);
        patient.close();
    }

    @Test
    void aConnectionLeavesItsConversationWithLeaveAndCannotUseSessionRequests() throws Exception {
        String conversation = createConversation(server);
        SamtalConnection patient = server.join(link(server, conversation, PATIENT));
        var presence = catchThrowableOfType(java.util.concurrent.ExecutionException.class, () -> patient.request(
                id -> new ClientMessage.SetPresence(id, se.samtal.protocol.PresenceState.AWAY)).get(5, TimeUnit.SECONDS));
        assertThat(((SamtalException) presence.getCause()).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        patient.request(ClientMessage.Leave::new).get(5, TimeUnit.SECONDS);
        assertThat(patient.closed().get(5, TimeUnit.SECONDS).getCloseCode().getCode()).isEqualTo(CloseCodes.NORMAL);
    }
}
