package se.samtal.server.gateway;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import se.samtal.protocol.CloseCodes;
import se.samtal.protocol.WireCodec;
import se.samtal.server.metrics.SamtalMetrics;
import se.samtal.server.net.ClientAddress;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What becomes of frames that wait for a slow socket when the socket closes: they are released
 * (their buffers were leaked before, the close frame's a direct one), and nothing queued after
 * the end is kept or written.
 */
class ConnectionEndTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final List<WebSocketFrame> handedToNetty = new ArrayList<>();
    private final Connection connection = new Connection(channel, new WireCodec(), new SamtalMetrics(), 1 << 20,
            Runnable::run, ClientAddress.UNKNOWN);

    @AfterEach
    void release() {
        handedToNetty.forEach(ReferenceCountUtil::safeRelease);
        channel.finishAndReleaseAll();
    }

    @Test
    void framesWaitingForASlowSocketAreReleasedWhenItCloses() {
        unwritable();
        connection.send(event("one"));
        connection.send(event("two"));
        connection.close(CloseCodes.NORMAL, "bye");
        assertThat(connection.framesWaiting()).isEqualTo(3); // two events, then our close frame

        channel.close();
        connection.ended();

        assertThat(connection.framesWaiting()).isZero();
        assertThat((Object) channel.readOutbound()).isNull();
    }

    @Test
    void whatIsSentAfterTheEndIsNeitherKeptNorWritten() {
        channel.close();
        connection.ended();

        connection.send(event("late"));
        connection.close(CloseCodes.NORMAL, "bye");

        assertThat(connection.framesWaiting()).isZero();
        assertThat((Object) channel.readOutbound()).isNull();
    }

    @Test
    void aWritableOpenSocketStillGetsItsFrames() {
        connection.send(event("one"));

        Object written = channel.readOutbound();
        assertThat(written).isInstanceOf(WebSocketFrame.class);
        handedToNetty.add((WebSocketFrame) written);
        assertThat(connection.framesWaiting()).isZero();
    }

    private void unwritable() {
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        assertThat(channel.isWritable()).isFalse();
    }

    private static EncodedMessage event(String text) {
        return new EncodedMessage("chat.message", ("{\"text\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8));
    }
}
