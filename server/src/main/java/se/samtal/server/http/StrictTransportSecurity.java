package se.samtal.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;

/** On the TLS port: {@code Strict-Transport-Security} on every answer, so browsers never come back over plain HTTP. */
final class StrictTransportSecurity extends ChannelOutboundHandlerAdapter {
    private final String value;

    StrictTransportSecurity(long maxAgeSeconds) {
        this.value = "max-age=" + maxAgeSeconds;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response) {
            response.headers().set("Strict-Transport-Security", value);
        }
        ctx.write(msg, promise);
    }
}
