package se.samtal.server.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.CloseCodes;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.PresenceState;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.SessionStatus;
import se.samtal.server.testing.TestServer;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Hostile or broken clients get typed errors or a clear close code, and nobody else notices. */
class ProtocolAbuseIT {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(config -> config.putObject("gateway")
                .put("helloTimeout", "1s")
                .put("requestsPerSecond", 20)
                .put("requestBurst", 40)
                .put("rateLimitStrikes", 30));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ServerMessage.Error nextError(SamtalConnection connection) throws InterruptedException {
        return connection.awaitEvent(ServerMessage.Error.class, e -> true, WAIT);
    }

    @Test
    void malformedJsonGetsAnErrorAndTheConnectionCarriesOn() throws Exception {
        SamtalConnection patient = server.join(server.link(server.bookSession(), "patient-1"));
        patient.sendText("{\"type\": \"ping\", \"id\": ");
        assertThat(nextError(patient).code()).isEqualTo(ErrorCode.MALFORMED_JSON);
        patient.sendText("[1, 2, 3]");
        assertThat(nextError(patient).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(patient.request(ClientMessage.Ping::new).get(5, TimeUnit.SECONDS)).isNotNull();
        patient.close();
    }

    @Test
    void anUnknownMessageTypeIsNamedAsSuchWithItsRequestId() throws Exception {
        SamtalConnection patient = server.join(server.link(server.bookSession(), "patient-1"));
        patient.sendText("{\"type\": \"launch.missiles\", \"id\": \"x1\"}");
        var error = nextError(patient);
        assertThat(error.code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
        assertThat(error.id()).isEqualTo("x1");
        patient.sendText("{\"id\": \"x2\"}");
        assertThat(nextError(patient).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        patient.sendText("{\"type\": \"ping\"}");
        assertThat(nextError(patient).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        patient.close();
    }

    @Test
    void aPatientCannotEndTheSession() throws Exception {
        String session = server.bookSession();
        SamtalConnection patient = server.join(server.link(session, "patient-1"));
        var failure = catchThrowableOfType(ExecutionException.class,
                () -> patient.request(ClientMessage.EndSession::new).get(5, TimeUnit.SECONDS));
        assertThat(((SamtalException) failure.getCause()).code()).isEqualTo(ErrorCode.FORBIDDEN);
        // The session opened when the patient came (its status is written off the request's path).
        await().atMost(java.time.Duration.ofSeconds(5)).until(() -> server.api("GET", "/api/v1/sessions/" + session, null)
                .body().get("status").asText().equals(SessionStatus.OPEN.wire()));
        assertThat(patient.isOpen()).isTrue();
        patient.close();
    }

    @Test
    void presenceCanOnlyBeSetToJoinedOrAway() throws Exception {
        SamtalConnection patient = server.join(server.link(server.bookSession(), "patient-1"));
        var failure = catchThrowableOfType(ExecutionException.class,
                () -> patient.request(id -> new ClientMessage.SetPresence(id, PresenceState.LEFT)).get(5, TimeUnit.SECONDS));
        assertThat(((SamtalException) failure.getCause()).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        patient.sendText("{\"type\": \"presence.set\", \"id\": \"p\", \"state\": \"invisible\"}");
        assertThat(nextError(patient).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        patient.close();
    }

    @Test
    void aTenMegabyteFrameClosesTheConnectionAsTooBig() throws Exception {
        String session = server.bookSession();
        SamtalConnection therapist = server.join(server.link(session, "therapist-1"));
        SamtalConnection patient = server.join(server.link(session, "patient-1"));
        String huge = "{\"type\":\"ping\",\"id\":\"big\",\"pad\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}";
        try {
            patient.sendText(huge);
        } catch (RuntimeException e) {
            // the server may close before the whole frame is written
        }
        assertThat(patient.closed().get(10, TimeUnit.SECONDS).getCloseCode().getCode()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
        assertThat(therapist.request(ClientMessage.Ping::new).get(5, TimeUnit.SECONDS)).isNotNull();
        therapist.close();
    }

    @Test
    void aFloodIsRateLimitedAndThenCutOffWhileOthersAreServed() throws Exception {
        String session = server.bookSession();
        SamtalConnection therapist = server.join(server.link(session, "therapist-1"));
        SamtalConnection flooder = server.join(server.link(session, "patient-1"));
        for (int i = 0; i < 200 && flooder.isOpen(); i++) {
            try {
                flooder.sendText("{\"type\":\"ping\",\"id\":\"f" + i + "\"}");
            } catch (RuntimeException e) {
                break;
            }
        }
        var limited = flooder.awaitEvent(ServerMessage.Error.class, e -> e.code() == ErrorCode.RATE_LIMITED, WAIT);
        assertThat(limited).isNotNull();
        assertThat(limited.retryAfterMs()).isPositive();
        assertThat(flooder.closed().get(10, TimeUnit.SECONDS).getCloseCode().getCode()).isEqualTo(CloseCodes.RATE_LIMITED);
        assertThat(therapist.request(ClientMessage.Ping::new).get(5, TimeUnit.SECONDS)).isNotNull();
        therapist.close();
    }

    @Test
    void aConnectionThatNeverSaysHelloIsClosed() throws Exception {
        SamtalConnection silent = server.client().open(server.wsUri());
        assertThat(nextError(silent).code()).isEqualTo(ErrorCode.HELLO_TIMEOUT);
        assertThat(silent.closed().get(5, TimeUnit.SECONDS).getCloseCode().getCode()).isEqualTo(CloseCodes.HELLO_TIMEOUT);
    }

    @Test
    void binaryFramesAreRefusedWithAnError() throws Exception {
        SamtalConnection patient = server.join(server.link(server.bookSession(), "patient-1"));
        patient.sendBinary(new byte[]{1, 2, 3});
        assertThat(nextError(patient).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(patient.isOpen()).isTrue();
        patient.close();
    }

    @Test
    void aTextMessageThatIsNotUtf8ClosesTheConnectionWith1007() throws Exception {
        var uri = server.wsUri();
        try (var socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            out.write(("GET /ws HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            var in = socket.getInputStream();
            var head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.read());
            }
            assertThat(head.toString()).startsWith("HTTP/1.1 101");
            byte[] payload = {'{', (byte) 0xC3, (byte) 0x28, '}'}; // 0xC3 0x28: a lead byte without its continuation
            byte[] mask = {1, 2, 3, 4};
            out.write(new byte[]{(byte) 0x81, (byte) (0x80 | payload.length)});
            out.write(mask);
            for (int i = 0; i < payload.length; i++) {
                out.write(payload[i] ^ mask[i % 4]);
            }
            out.flush();
            int opcode = in.read() & 0x0F;
            int length = in.read() & 0x7F;
            assertThat(opcode).as("a close frame").isEqualTo(0x8);
            assertThat(length).isGreaterThanOrEqualTo(2);
            int code = (in.read() << 8) | in.read();
            assertThat(code).isEqualTo(CloseCodes.INVALID_PAYLOAD);
        }
    }
}
