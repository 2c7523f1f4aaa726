package se.samtal.server.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.CloseCodes;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.ServerMessage;
import se.samtal.server.testing.TestServer;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samtal.server.testing.ChatTesting.createConversation;
import static se.samtal.server.testing.ChatTesting.link;
import static se.samtal.server.testing.ChatTesting.readAll;

/**
 * JSON is read strictly on both doors (docs/protocol.md and platform-api.md): a value of the
 * wrong JSON type is {@code bad_request}, never converted; content after the object, or a key
 * given twice, is {@code malformed_json}; and a refused body or frame changes nothing.
 */
class StrictInputIT {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private String booking(String participants) {
        var now = server.now().truncatedTo(ChronoUnit.SECONDS);
        return "{\"kind\":\"video\",\"scheduledStart\":\"" + now + "\",\"scheduledEnd\":\"" + now.plus(1, ChronoUnit.HOURS)
                + "\",\"participants\":" + participants + "}";
    }

    private int sessionsBooked() {
        var now = server.now();
        return server.api("GET", "/api/v1/sessions?from=" + now.minus(1, ChronoUnit.DAYS) + "&to=" + now.plus(1, ChronoUnit.DAYS)
                + "&limit=500", null).body().get("items").size();
    }

    @Test
    void aNumberWhereTheApiWantsTextIsRefused() {
        var refused = server.api("POST", "/api/v1/sessions", booking("[{\"ref\":7,\"role\":\"patient\"}]"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("bad_request");

        String session = server.bookSession();
        var link = server.api("POST", "/api/v1/sessions/" + session + "/links", "{\"ref\":\"patient-1\",\"ttlSeconds\":\"600\"}");
        assertThat(link.errorCode()).isEqualTo("bad_request");
        var log = server.api("POST", "/api/v1/audit/patient-log", "{\"patientRef\":12}");
        assertThat(log.status()).isEqualTo(400);
        assertThat(log.errorCode()).isEqualTo("bad_request");
        var time = server.api("POST", "/api/v1/sessions", "{\"kind\":\"video\",\"scheduledStart\":1700000000,"
                + "\"scheduledEnd\":1700003600}");
        assertThat(time.errorCode()).isEqualTo("bad_request");
    }

    @Test
    void contentAfterTheBodyIsMalformedAndBooksNothing() {
        int before = sessionsBooked();
        var refused = server.api("POST", "/api/v1/sessions", booking("[]") + "}{\"x\":1}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("malformed_json");
        assertThat(server.api("POST", "/api/v1/sessions", booking("[]") + "{\"x\":1}").errorCode()).isEqualTo("malformed_json");
        assertThat(sessionsBooked()).isEqualTo(before);
    }

    @Test
    void aKeyGivenTwiceIsMalformed() {
        var now = server.now().truncatedTo(ChronoUnit.SECONDS);
        var refused = server.api("POST", "/api/v1/sessions", "{\"kind\":\"video\",\"kind\":\"chat\",\"scheduledStart\":\"" + now
                + "\",\"scheduledEnd\":\"" + now.plus(1, ChronoUnit.HOURS) + "\"}");
        assertThat(refused.errorCode()).isEqualTo("malformed_json");
    }

    @Test
    void aNumericRequestIdIsRefusedNotAcknowledgedAsText() throws Exception {
        SamtalConnection patient = server.join(server.link(server.bookSession(), "patient-1"));
        patient.sendText("{\"type\":\"ping\",\"id\":5}");
        var error = patient.awaitEvent(ServerMessage.Error.class, e -> true, WAIT);
        assertThat(error.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(error.id()).isNull();
        assertThat(patient.awaitEvent(ServerMessage.Ack.class, a -> "5".equals(a.id()), Duration.ofMillis(500))).isNull();
        patient.close();
    }

    @Test
    void aChatMessageWhoseTextIsANumberIsRefusedAndNotStored() throws Exception {
        String conversation = createConversation(server);
        SamtalConnection patient = server.join(link(server, conversation, "patient-1"));
        patient.sendText("{\"type\":\"chat.send\",\"id\":\"s1\",\"idempotencyKey\":\"k-1\",\"text\":42}");
        var error = patient.awaitEvent(ServerMessage.Error.class, e -> "s1".equals(e.id()), WAIT);
        assertThat(error.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        patient.sendText("{\"type\":\"chat.send\",\"id\":\"s2\",\"idempotencyKey\":\"k-2\",\"text\":\"Hej\"}{\"x\":1}");
        assertThat(patient.awaitEvent(ServerMessage.Error.class, e -> true, WAIT).code()).isEqualTo(ErrorCode.MALFORMED_JSON);
        assertThat(readAll(patient)).isEmpty();
        patient.close();
    }

    @Test
    void aHelloWhoseTokenIsAnObjectOrAListIsRefusedAndClosedAtOnce() throws Exception {
        for (String token : new String[]{"{\"a\":1}", "[\"eyJ\"]", "42"}) {
            SamtalConnection connection = server.client().open(server.wsUri());
            long start = System.nanoTime();
            connection.sendText("{\"type\":\"hello\",\"id\":\"h1\",\"token\":" + token + "}");
            var error = connection.awaitEvent(ServerMessage.Error.class, e -> true, WAIT);
            assertThat(error.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(error.id()).isEqualTo("h1");
            var closed = connection.closed().get(5, TimeUnit.SECONDS);
            assertThat(closed.getCloseCode().getCode()).isEqualTo(CloseCodes.JOIN_REFUSED);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("closed at once, not at the hello timeout")
                    .isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void anUnreadableFirstFrameClosesTheConnection() throws Exception {
        SamtalConnection connection = server.client().open(server.wsUri());
        connection.sendText("{\"type\":\"hello\",\"id\":\"h1\",\"token\":\"x\"}}");
        assertThat(connection.awaitEvent(ServerMessage.Error.class, e -> true, WAIT).code()).isEqualTo(ErrorCode.MALFORMED_JSON);
        assertThat(connection.closed().get(5, TimeUnit.SECONDS).getCloseCode().getCode()).isEqualTo(CloseCodes.JOIN_REFUSED);
    }
}
