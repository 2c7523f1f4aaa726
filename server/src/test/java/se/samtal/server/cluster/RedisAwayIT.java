package se.samtal.server.cluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.chat.ChatMessageView;
import se.samtal.redis.testing.RedisServer;
import se.samtal.server.testing.TestServer;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;
import static se.samtal.server.testing.ChatTesting.PATIENT;
import static se.samtal.server.testing.ChatTesting.createConversation;
import static se.samtal.server.testing.ChatTesting.link;
import static se.samtal.server.testing.ChatTesting.readAll;
import static se.samtal.server.testing.ChatTesting.send;

/**
 * Redis is gone (killed) when a message is sent. The answer is never {@code internal_error},
 * which promises "not stored" without knowing it: it is {@code unavailable} (Redis could not be
 * reached: nothing was done) or {@code outcome_unknown} (the connection broke after the command
 * went out). Either way the same key, once Redis is back, stores the message exactly once. The
 * platform API answers the same way (503), never 500.
 */
class RedisAwayIT {
    private static RedisServer redis;
    private static TestServer server;

    @BeforeAll
    static void start() {
        redis = RedisServer.startDurable();
        server = TestServer.start(config -> config.putObject("redis").put("url", redis.url()).put("nodeTimeout", "5s"));
    }

    @AfterAll
    static void stop() {
        server.close();
        redis.close();
    }

    @Test
    void aMessageSentWhileRedisIsGoneIsNeverAnsweredAsAFaultAndItsKeyStoresItOnceWhenRedisIsBack() throws Exception {
        String conversation = createConversation(server);
        SamtalConnection patient = server.join(link(server, conversation, PATIENT));
        send(patient, "k1", "Före");

        redis.kill();
        var failure = catchThrowableOfType(ExecutionException.class, () -> patient.request(
                id -> new ClientMessage.ChatSend(id, null, "k2-while-away", "Under")).get(30, TimeUnit.SECONDS));
        var refusal = (SamtalException) failure.getCause();
        var code = refusal.code();
        assertThat(code).as("a store that went away is not a fault that promises \"not stored\" (" + refusal.getMessage() + ")")
                .isIn(ErrorCode.UNAVAILABLE, ErrorCode.OUTCOME_UNKNOWN);

        var now = server.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        var booked = server.api("POST", "/api/v1/sessions", java.util.Map.of("kind", "video",
                "scheduledStart", now.toString(), "scheduledEnd", now.plus(Duration.ofHours(1)).toString(),
                "participants", java.util.List.of(java.util.Map.of("ref", "therapist-1", "role", "therapist"))));
        assertThat(booked.status()).as("the platform API too: never 500 for a store that went away").isEqualTo(503);
        assertThat(booked.errorCode()).isIn("unavailable", "outcome_unknown");

        redis.restart();
        await().atMost(Duration.ofSeconds(60)).until(() -> server.get("/readyz").status() == 200);
        SamtalConnection again = server.join(link(server, conversation, PATIENT));
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> send(again, "k2-while-away", "Under").message().seq() == 2);
        assertThat(readAll(again)).extracting(ChatMessageView::text).containsExactly("Före", "Under");
        again.close();
    }
}
