package se.samtal.server.chat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.Role;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.chat.ChatMessageView;
import se.samtal.server.testing.TestServer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static se.samtal.server.testing.ChatTesting.await;
import static se.samtal.server.testing.ChatTesting.createConversation;
import static se.samtal.server.testing.ChatTesting.history;
import static se.samtal.server.testing.ChatTesting.letIn;
import static se.samtal.server.testing.ChatTesting.send;
import static se.samtal.server.testing.ChatTesting.subscribe;

/** Chat inside a video session: the participants' own conversation, live, and what a reconnecting client gets. */
class SessionChatIT {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static TestServer server;

    @BeforeAll
    static void start() {
        // Generous limits: one test sends a hundred messages at once (the flood limits have their own test).
        server = TestServer.start(config -> {
            config.putObject("chat").put("messagesPerMinute", 6000).put("messageBurst", 1000);
            config.putObject("gateway").put("requestBurst", 1000);
        });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void twoParticipantsChatInTheirSessionAndEachSeesTheOthersMessages() throws Exception {
        String session = server.bookSession();
        SamtalConnection therapist = server.join(server.link(session, "therapist-1"));
        SamtalConnection patient = letIn(therapist, server.join(server.link(session, "patient-1")));
        var therapistView = subscribe(therapist, null);
        var patientView = subscribe(patient, null);
        assertThat(patientView.conversation().id()).isEqualTo(therapistView.conversation().id());
        assertThat(patientView.conversation().kind()).isEqualTo("session");
        assertThat(patientView.conversation().sessionId()).isEqualTo(session);
        assertThat(patientView.conversation().expectations().mode()).isEqualTo("live");

        var sent = send(therapist, "Välkommen! Säg till om ljudet hackar.");
        var received = patient.awaitEvent(ServerMessage.ChatMessage.class, m -> true, WAIT);
        assertThat(received.message().text()).isEqualTo("Välkommen! Säg till om ljudet hackar.");
        assertThat(received.message().sender().name()).isEqualTo("Terapeut Tove");
        assertThat(received.message().seq()).isEqualTo(sent.message().seq());
        assertThat(therapist.awaitEvent(ServerMessage.ChatMessage.class, m -> true, Duration.ofMillis(300)))
                .as("the writer gets the ack, not an echo").isNull();

        send(patient, "Det hör jag bra.");
        var answer = therapist.awaitEvent(ServerMessage.ChatMessage.class, m -> true, WAIT);
        assertThat(answer.message().sender().role()).isEqualTo(Role.PATIENT);
        assertThat(answer.message().seq()).isEqualTo(2);

        var page = history(patient, null, null, 10);
        assertThat(page.messages()).extracting(ChatMessageView::text).containsExactly("Välkommen! Säg till om ljudet hackar.",
                "Det hör jag bra.");
        assertThat(page.messages().get(1).idempotencyKey()).as("the patient's own key comes back to them").isNotNull();
        assertThat(server.api("GET", "/api/v1/conversations?sessionId=" + session, null).body().get("items").get(0)
                .get("id").asText()).isEqualTo(patientView.conversation().id());
        therapist.close();
        patient.close();
    }

    @Test
    void anInterpreterJoiningLateSeesTheChatFromWhenTheyCame() throws Exception {
        String session = server.bookSession();
        SamtalConnection therapist = server.join(server.link(session, "therapist-1"));
        subscribe(therapist, null);
        send(therapist, "Innan tolken kom.");
        var linkBody = Map.of("ref", "interpreter-1", "role", "interpreter", "name", "Tolk Ana");
        String interpreterToken = server.api("POST", "/api/v1/sessions/" + session + "/links", linkBody).body().get("token").asText();
        SamtalConnection interpreter = server.join(interpreterToken);

        var view = subscribe(interpreter, null);
        send(therapist, "Nu är tolken här.");

        assertThat(view.messages()).isEmpty();
        assertThat(view.historyStart()).isEqualTo(2);
        var late = interpreter.awaitEvent(ServerMessage.ChatMessage.class, m -> true, WAIT);
        assertThat(late.message().text()).isEqualTo("Nu är tolken här.");
        assertThat(history(interpreter, null, null, 10).messages()).extracting(ChatMessageView::text)
                .containsExactly("Nu är tolken här.");
        therapist.close();
        interpreter.close();
    }

    @Test
    void aClientThatMissedAHundredMessagesGetsExactlyThoseInOrderWhenItResumes() throws Exception {
        String session = server.bookSession();
        SamtalConnection therapist = server.join(server.link(session, "therapist-1"));
        SamtalConnection patient = letIn(therapist, server.join(server.link(session, "patient-1")));
        subscribe(therapist, null);
        subscribe(patient, null);
        send(therapist, "Före avbrottet.");
        long seen = patient.awaitEvent(ServerMessage.ChatMessage.class, m -> true, WAIT).message().seq();
        String resume = patient.resumeToken();
        patient.close();

        var texts = new ArrayList<String>();
        for (int i = 1; i <= 100; i++) {
            texts.add("Meddelande " + i + " medan patienten var borta.");
        }
        // Sent without waiting for each ack: they are stored and numbered in the order sent.
        var acks = texts.stream().map(text -> therapist.request(id -> new ClientMessage.ChatSend(id, null,
                java.util.UUID.randomUUID().toString(), text))).toList();
        acks.forEach(ack -> await(ack));

        SamtalConnection back = server.client().resume(server.wsUri(), resume, 0);
        var resumed = subscribe(back, seen);

        assertThat(resumed.recovered()).isTrue();
        assertThat(resumed.more()).isFalse();
        assertThat(resumed.messages()).extracting(ChatMessageView::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(seen + 1, seen + 100).boxed().toList());
        assertThat(resumed.messages()).extracting(ChatMessageView::text).containsExactlyElementsOf(texts);
        send(therapist, "Välkommen tillbaka.");
        var live = back.awaitEvent(ServerMessage.ChatMessage.class, m -> true, WAIT);
        assertThat(live.message().seq()).as("live events go on right after the resumed page").isEqualTo(seen + 101);
        therapist.close();
        back.close();
    }

    @Test
    void aBogusResumeSequenceIsRefusedAndTheConnectionKeepsWorking() {
        String session = server.bookSession();
        SamtalConnection therapist = server.join(server.link(session, "therapist-1"));
        SamtalConnection patient = letIn(therapist, server.join(server.link(session, "patient-1")));
        subscribe(patient, null);
        send(patient, "Ett.");

        var ahead = catchThrowableOfType(SamtalException.class, () -> subscribe(patient, 99L));
        assertThat(ahead.code()).isEqualTo(ErrorCode.SEQUENCE_OUT_OF_RANGE);
        var negative = catchThrowableOfType(SamtalException.class, () -> subscribe(patient, -1L));
        assertThat(negative.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        var both = catchThrowableOfType(SamtalException.class, () -> history(patient, 1L, 1L, 10));
        assertThat(both.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(subscribe(patient, 0L).messages()).hasSize(1);
        patient.close();
        therapist.close();
    }

    @Test
    void aSessionConnectionCannotReachACareConversationAndObserversOnlyRead() {
        String conversation = createConversation(server);
        String session = server.bookSession();
        SamtalConnection therapist = server.join(server.link(session, "therapist-1"));
        SamtalConnection patient = letIn(therapist, server.join(server.link(session, "patient-1")));
        var other = catchThrowableOfType(SamtalException.class, () -> await(patient.request(
                id -> new ClientMessage.ChatSubscribe(id, conversation, null))));
        assertThat(other.code()).isEqualTo(ErrorCode.FORBIDDEN);
        var linkBody = Map.of("ref", "observer-1", "role", "observer");
        SamtalConnection observer = server.join(server.api("POST", "/api/v1/sessions/" + session + "/links", linkBody)
                .body().get("token").asText());
        subscribe(observer, null);
        var refused = catchThrowableOfType(SamtalException.class, () -> send(observer, "Får jag skriva?"));
        assertThat(refused.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(subscribe(patient, null).conversation().lastSeq()).isZero();
        patient.close();
        observer.close();
        therapist.close();
    }

    @Test
    void theWaitingRoomHasNoSessionChatAndSomeoneSentBackStopsReceivingItAtOnce() throws Exception {
        String session = server.bookSession();
        SamtalConnection therapist = server.join(server.link(session, "therapist-1"));
        subscribe(therapist, null);
        send(therapist, "Bara för dem som är inne.");
        SamtalConnection patient = server.join(server.link(session, "patient-1"));
        var waiting = catchThrowableOfType(SamtalException.class, () -> subscribe(patient, null));
        assertThat(waiting.code()).isEqualTo(ErrorCode.NOT_ADMITTED);
        assertThat(catchThrowableOfType(SamtalException.class, () -> send(patient, "Hallå?")).code()).isEqualTo(ErrorCode.NOT_ADMITTED);

        letIn(therapist, patient);
        assertThat(subscribe(patient, null).messages()).extracting(ChatMessageView::text)
                .as("the booking expected the patient: the chat from its start").containsExactly("Bara för dem som är inne.");

        String patientId = patient.welcome().you().participantId();
        await(therapist.request(id -> new ClientMessage.SendBack(id, patientId)));
        var revoked = patient.awaitEvent(ServerMessage.ChatRevoked.class, r -> true, WAIT);
        assertThat(revoked.reason()).isEqualTo("waiting_room");
        send(therapist, "Nu pratar jag med din förälder en stund.");
        assertThat(patient.awaitEvent(ServerMessage.ChatMessage.class, m -> true, Duration.ofMillis(500)))
                .as("nothing of the chat reaches the waiting room").isNull();
        assertThat(catchThrowableOfType(SamtalException.class, () -> history(patient, null, null, 10)).code())
                .isEqualTo(ErrorCode.NOT_ADMITTED);
        therapist.close();
        patient.close();
    }
}
