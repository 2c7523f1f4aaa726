package se.samtal.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bytes off the wire to a request, as the gateway reads them: Netty's WebSocket decoder with the
 * gateway's settings (64 KiB frames, masked, no extensions), the frame aggregator, then
 * {@link WireCodec#decodeClient}. Every input must end in a request, a typed
 * {@link ProtocolException}, or a WebSocket protocol violation (a close code); anything else
 * (a runtime exception, a hang) is a finding. A request that was read must also survive being
 * written and read again unchanged (what the server echoes must be what it understood).
 */
class WebSocketFramesFuzzTest {
    private static final int MAX_FRAME = 64 * 1024;
    private static final Set<ErrorCode> FRAME_ERRORS = Set.of(ErrorCode.MALFORMED_JSON, ErrorCode.BAD_REQUEST, ErrorCode.UNKNOWN_TYPE);
    private static final WireCodec CODEC = new WireCodec();

    @FuzzTest
    void framesBecomeRequestsOrTypedErrors(byte[] wire) {
        var channel = new EmbeddedChannel(
                new WebSocket13FrameDecoder(WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(MAX_FRAME)
                        .allowExtensions(false).expectMaskedFrames(true).build()),
                new WebSocketFrameAggregator(MAX_FRAME));
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(wire));
        } catch (CorruptedWebSocketFrameException e) {
            assertThat(e.closeStatus()).as("a violation names its close code").isNotNull();
        } finally {
            for (Object frame; (frame = channel.readInbound()) != null; ) {
                if (frame instanceof TextWebSocketFrame text) {
                    request(bytes(text.content()));
                }
                ((WebSocketFrame) frame).release();
            }
            try {
                channel.finishAndReleaseAll();
            } catch (PrematureChannelClosureException e) {
                // The input ended in the middle of a fragmented message: the connection closing then is normal.
            }
        }
        // The payload as a text frame's content, too: most of the input space is JSON.
        request(wire);
    }

    private static byte[] bytes(ByteBuf content) {
        byte[] bytes = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), bytes);
        return bytes;
    }

    private static void request(byte[] text) {
        ClientMessage message;
        try {
            message = CODEC.decodeClient(text);
        } catch (ProtocolException e) {
            assertThat(FRAME_ERRORS).contains(e.code());
            assertThat(e.requestId() == null || e.requestId().length() <= 64).isTrue();
            return;
        }
        assertThat(message).isNotNull();
        ClientMessage again;
        try {
            again = CODEC.decodeClient(CODEC.encode(message));
        } catch (ProtocolException e) {
            throw new AssertionError("a request that was read could not be read again once written: " + e.code(), e);
        }
        assertThat(again).isEqualTo(message);
    }
}
