package se.samtal.loadtest.wire;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

import java.util.concurrent.CompletableFuture;

/**
 * One client WebSocket of the load client. Sending is safe from any thread; frames are written
 * in the order of the calls from one thread.
 */
public final class WsConnection {
    private final Channel channel;
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile Object attachment;

    WsConnection(Channel channel) {
        this.channel = channel;
    }

    /** Sends one text frame with these UTF-8 bytes (not copied: do not change them afterwards). */
    public void send(byte[] utf8) {
        channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(utf8)), channel.voidPromise());
    }

    /** Sends one text frame without flushing; {@link #flush()} sends what was written. */
    public void write(byte[] utf8) {
        channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(utf8)), channel.voidPromise());
    }

    public void flush() {
        channel.flush();
    }

    /** Starts the closing handshake with {@code code}. */
    public void close(int code) {
        if (channel.isActive()) {
            channel.writeAndFlush(new CloseWebSocketFrame(code, ""))
                    .addListener(f -> channel.eventLoop().schedule(() -> channel.close(), 2, java.util.concurrent.TimeUnit.SECONDS));
        }
    }

    /** Drops the socket at once, without a closing handshake (as a lost network would). */
    public void drop() {
        channel.close();
    }

    public boolean isOpen() {
        return channel.isActive() && !closed.isDone();
    }

    /** The event loop this connection lives on: its listener is called there. */
    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    /** Completes with the close code when the connection is gone. */
    public CompletableFuture<Integer> closed() {
        return closed;
    }

    void markClosed(int code) {
        closed.complete(code);
    }

    /** Whatever the benchmark keeps with the connection. */
    @SuppressWarnings("unchecked")
    public <T> T attachment() {
        return (T) attachment;
    }

    public void attach(Object value) {
        this.attachment = value;
    }
}
