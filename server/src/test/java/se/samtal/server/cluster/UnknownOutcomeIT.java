package se.samtal.server.cluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.chat.ChatMessageView;
import se.samtal.protocol.chat.ChatResults;
import se.samtal.redis.testing.RedisProxy;
import se.samtal.redis.testing.RedisServer;
import se.samtal.server.testing.TestServer;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;
import static se.samtal.server.testing.ChatTesting.PATIENT;
import static se.samtal.server.testing.ChatTesting.THERAPIST;
import static se.samtal.server.testing.ChatTesting.createConversation;
import static se.samtal.server.testing.ChatTesting.link;
import static se.samtal.server.testing.ChatTesting.readAll;
import static se.samtal.server.testing.ChatTesting.send;
import static se.samtal.server.testing.ChatTesting.subscribe;

/**
 * Redis stores a message and its answer is lost (the connection breaks between the write and the
 * reply, as when Redis stops with appends in flight). The sender is never told "not stored" for a
 * message that was stored: the answer is {@code outcome_unknown}, and the same key again finds
 * the message, stored once; then the others are told of it, as of any new message.
 */
class UnknownOutcomeIT {
    private static RedisServer redis;
    private static RedisProxy proxy;
    private static TestServer server;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        proxy = RedisProxy.to(redis.port());
        server = TestServer.start(config -> config.putObject("redis").put("url", proxy.url()).put("nodeTimeout", "3s"));
    }

    @AfterAll
    static void stop() {
        server.close();
        proxy.close();
        redis.close();
    }

    @Test
    void aStoredMessageWhoseAnswerWasLostIsUnknownNeverNotStoredAndTheSameKeyFindsIt() throws Exception {
        String conversation = createConversation(server);
        SamtalConnection patient = server.join(link(server, conversation, PATIENT));
        SamtalConnection therapist = server.join(link(server, conversation, THERAPIST));
        subscribe(therapist, null);
        send(patient, "k1", "Före avbrottet");

        proxy.loseAnswersTo("k2-the-lost-answer"); // the append of this message runs, and its answer is lost
        var failure = catchThrowableOfType(ExecutionException.class,
                () -> patient.request(id -> new ClientMessage.ChatSend(id, null, "k2-the-lost-answer", "Under avbrottet")).get(30, TimeUnit.SECONDS));
        var error = (SamtalException) failure.getCause();
        assertThat(error.code()).as("stored, but the server could not learn it: not internal_error (\"not stored\")")
                .isEqualTo(ErrorCode.OUTCOME_UNKNOWN);

        proxy.heal();
        await().atMost(Duration.ofSeconds(30)).until(() -> server.get("/readyz").status() == 200);
        ChatResults.Sent again = send(patient, "k2-the-lost-answer", "Under avbrottet");
        assertThat(again.duplicate()).as("it had been stored the first time").isTrue();
        assertThat(again.message().seq()).isEqualTo(2);
        assertThat(readAll(patient)).extracting(ChatMessageView::text).containsExactly("Före avbrottet", "Under avbrottet");
        var told = therapist.awaitEvent(ServerMessage.ChatMessage.class, m -> m.message().seq() == 2, Duration.ofSeconds(10));
        assertThat(told).as("the other side is told of the message once its outcome is learnt, not only on its next reload")
                .isNotNull();
        assertThat(told.message().text()).isEqualTo("Under avbrottet");
        assertThat(server.get("/metrics").raw().body()).as("observed as stored (message.created, follow-up) once")
                .containsPattern("samtal_chat_messages_total\\{[^}]*} 2\\.0");
        therapist.close();
        patient.close();
    }
}
