package se.samtal.server.http;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.util.ReferenceCountUtil;

import java.util.concurrent.TimeUnit;

/**
 * Answers a request that ends the connection (too large, unreadable) so the client gets to read
 * the answer: the response goes out with {@code Connection: close}, then samtal stops writing
 * (half-close) and reads and throws away whatever the client is still sending, for at most
 * {@link #LINGER_MILLIS}, before closing. Closing at once while the client still sends would make
 * the kernel reset the connection, and the reset can destroy the answer before it is read.
 */
final class LingeringClose {
    static final long LINGER_MILLIS = 3000;

    private LingeringClose() {
    }

    static void respondAndClose(ChannelHandlerContext ctx, FullHttpResponse response) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (ctx.pipeline().get(Discard.class) == null) {
            ctx.pipeline().addFirst("discard", new Discard());
        }
        ChannelFuture written = ctx.writeAndFlush(response);
        written.addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess() || !(f.channel() instanceof DuplexChannel duplex)) {
                f.channel().close();
                return;
            }
            duplex.shutdownOutput().addListener(done -> f.channel().eventLoop()
                    .schedule(() -> f.channel().close(), LINGER_MILLIS, TimeUnit.MILLISECONDS));
        });
    }

    /** Throws away everything read once the answer is on its way; closes when the client does. */
    private static final class Discard extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof io.netty.channel.socket.ChannelInputShutdownEvent) {
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
