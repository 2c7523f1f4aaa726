package se.samtal.server.gateway;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import se.samtal.protocol.CloseCodes;

/**
 * Sits right behind Netty's WebSocket frame decoder and turns a bad frame (oversized, unmasked,
 * bad opcode) into a {@link Violation} event for the gateway, instead of letting the exception
 * reach the protocol handler, which would close the socket at once. Closing at once while the
 * client is still sending its frame makes the kernel reset the connection, and the reset can
 * destroy the close frame before the client reads it: the client would see 1006 instead of
 * 1009. The gateway closes with the handshake and a bounded linger instead, while the decoder,
 * now in its corrupt state, discards whatever else arrives. Holds no state: one instance serves
 * every connection.
 */
@ChannelHandler.Sharable
final class FrameViolations extends ChannelInboundHandlerAdapter {

    /** Name of Netty's frame decoder in the pipeline after the handshake. */
    static final String DECODER = "wsdecoder";

    /** A frame broke the protocol; {@code closeCode} is what the connection closes with. */
    record Violation(int closeCode, String reason) {}

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException e) {
            int code = e.closeStatus() != null ? e.closeStatus().code() : CloseCodes.PROTOCOL_ERROR;
            String reason = e.closeStatus() != null ? e.closeStatus().reasonText() : "protocol error";
            ctx.fireUserEventTriggered(new Violation(code, reason));
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }
}
