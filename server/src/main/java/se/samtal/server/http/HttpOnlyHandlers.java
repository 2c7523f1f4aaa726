package se.samtal.server.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

import java.util.List;

/**
 * Once a connection has become a WebSocket, takes the handlers that only HTTP requests need out
 * of its pipeline, and then itself: a held WebSocket connection carries nothing of HTTP (Netty's
 * handshake already took the codec and the aggregator). What the handlers did happened before the
 * upgrade (the origin was checked, the request was read whole) and nothing HTTP comes after it.
 * One instance serves every connection.
 */
@ChannelHandler.Sharable
final class HttpOnlyHandlers extends ChannelInboundHandlerAdapter {
    private final List<String> names;

    /** @param names the handlers to take out, by their names in the pipeline; each must be there */
    HttpOnlyHandlers(List<String> names) {
        this.names = List.copyOf(names);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            var pipeline = ctx.pipeline();
            names.forEach(pipeline::remove);
            pipeline.remove(this);
        }
        super.userEventTriggered(ctx, event);
    }
}
