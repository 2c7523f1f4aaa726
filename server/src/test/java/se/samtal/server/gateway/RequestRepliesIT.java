package se.samtal.server.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samtal.client.SamtalClient;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.CloseCodes;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.ServerMessage;
import se.samtal.server.testing.SilentServer;
import se.samtal.server.testing.TestServer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every request gets exactly one reply with its id, also the ones the rate limit refuses; a client
 * that keeps sending without waiting as told is cut off (4008) even when some of its requests get
 * through; and a request that gets no reply at all fails in the client as {@code outcome_unknown}.
 * The server runs with the production rate limits (20/s, bursts of 60, 50 refusals).
 */
class RequestRepliesIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Replies (acks and errors) that carry an id, counted per id, until {@code total} have come or nothing more comes. */
    private static Map<String, List<ServerMessage>> repliesById(SamtalConnection connection, int total) throws InterruptedException {
        var replies = new HashMap<String, List<ServerMessage>>();
        int seen = 0;
        while (seen < total) {
            ServerMessage message = connection.nextEvent(WAIT);
            if (message == null) {
                break;
            }
            String id = switch (message) {
                case ServerMessage.Ack ack -> ack.id();
                case ServerMessage.Error error -> error.id();
                default -> null;
            };
            if (message instanceof ServerMessage.Error error && error.code() == ErrorCode.RATE_LIMITED) {
                assertThat(error.id()).as("a refusal names the request it refuses").isNotNull();
                assertThat(error.retryAfterMs()).isPositive();
            }
            if (id != null) {
                replies.computeIfAbsent(id, k -> new ArrayList<>()).add(message);
                seen++;
            }
        }
        return replies;
    }

    @Test
    void aBurstBeyondTheLimitIsAnsweredRequestByRequestWithItsIds() throws Exception {
        SamtalConnection patient = server.join(server.link(server.bookSession(), "patient-1"));
        int sent = 100; // 60 fit the burst; the other 40 are refused, fewer than the 50 that close
        for (int i = 0; i < sent; i++) {
            patient.sendText("{\"type\":\"ping\",\"id\":\"b" + i + "\"}");
        }
        var replies = repliesById(patient, sent);
        assertThat(replies).as("one reply for each request, with its id").hasSize(sent);
        assertThat(replies.values()).allSatisfy(list -> assertThat(list).hasSize(1));
        long refused = replies.values().stream().filter(l -> l.getFirst() instanceof ServerMessage.Error).count();
        assertThat(refused).isPositive();
        assertThat(patient.isOpen()).isTrue();
        patient.close();
    }

    @Test
    void aClientSendingTenTimesTheRateIsCutOffAlthoughSomeRequestsGetThrough() throws Exception {
        // Rates count per person: the therapist's bucket is full, whatever the other test did to the patient's.
        SamtalConnection flooder = server.join(server.link(server.bookSession(), "therapist-1"));
        var sent = new AtomicInteger();
        var sender = Executors.newSingleThreadScheduledExecutor();
        try {
            // 200 a second, ten times the sustained rate, for as long as the connection lasts.
            sender.scheduleAtFixedRate(() -> {
                if (flooder.isOpen()) {
                    try {
                        flooder.sendText("{\"type\":\"ping\",\"id\":\"f" + sent.getAndIncrement() + "\"}");
                    } catch (RuntimeException e) {
                        // closing
                    }
                }
            }, 0, 5, TimeUnit.MILLISECONDS);
            var closed = flooder.closed().get(20, TimeUnit.SECONDS);
            assertThat(closed.getCloseCode().getCode()).isEqualTo(CloseCodes.RATE_LIMITED);
        } finally {
            sender.shutdownNow();
        }
        var acks = new ArrayList<ServerMessage>();
        ServerMessage message;
        while ((message = flooder.nextEvent(Duration.ofMillis(100))) != null) {
            if (message instanceof ServerMessage.Error error) {
                assertThat(error.id()).as("every refusal carries its request's id").isNotNull();
            } else if (message instanceof ServerMessage.Ack) {
                acks.add(message);
            }
        }
        assertThat(acks).as("the burst got through, and the flood was cut off all the same").hasSizeGreaterThanOrEqualTo(60);
    }

    @Test
    void aRequestThatGetsNoReplyFailsAsOutcomeUnknownInTheClient() throws Exception {
        try (var silent = SilentServer.start(); var client = SamtalClient.create(Duration.ofMillis(500))) {
            SamtalConnection connection = client.open(silent.wsUri());
            var failure = catchThrowableOfType(ExecutionException.class,
                    () -> connection.request(ClientMessage.Ping::new).get(10, TimeUnit.SECONDS));
            assertThat(((SamtalException) failure.getCause()).code()).isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
            connection.close();
        }
    }
}
