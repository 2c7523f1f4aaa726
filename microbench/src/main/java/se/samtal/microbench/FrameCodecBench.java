package se.samtal.microbench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.ProtocolException;
import se.samtal.protocol.Role;
import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.WireCodec;
import se.samtal.protocol.chat.ChatMessageView;
import se.samtal.protocol.chat.ChatResults;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The frames of one chat message, as the server reads and writes them: the {@code chat.send} it
 * decodes (strict I-JSON reading included), the {@code ack} it writes back and the
 * {@code chat.message} event it writes once for all receivers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameCodecBench {
    private WireCodec codec;
    private byte[] send;
    private ChatResults.Sent sent;
    private ServerMessage event;

    @Setup
    public void setUp() {
        codec = new WireCodec();
        send = ("{\"type\":\"chat.send\",\"id\":\"41\",\"idempotencyKey\":\"5f0c2d1e-7a9b-4c3d-8e2f-1a2b3c4d5e6f\","
                + "\"text\":\"Hej! Jag har gjort övningen i dag och det gick bättre än förra veckan.\"}")
                .getBytes(StandardCharsets.UTF_8);
        var message = new ChatMessageView(1042, Instant.parse("2026-12-05T10:15:30.123Z"),
                new ChatMessageView.SenderView("m_3kd9Xq", Role.PATIENT, "Pim"),
                "Hej! Jag har gjort övningen i dag och det gick bättre än förra veckan.", "5f0c2d1e-7a9b-4c3d-8e2f-1a2b3c4d5e6f");
        sent = new ChatResults.Sent(message, false);
        event = new ServerMessage.ChatMessage("c_7Hq2mX9pL4vN8rT1", message);
    }

    @Benchmark
    public ClientMessage decodeChatSend() throws ProtocolException {
        return codec.decodeClient(send);
    }

    @Benchmark
    public byte[] encodeAck() {
        return codec.encodeAck("41", sent);
    }

    @Benchmark
    public byte[] encodeChatMessage() {
        return codec.encode(event);
    }
}
