package se.samtal.server.gateway;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.protocol.CloseCodes;
import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.WireCodec;
import se.samtal.server.id.OpaqueIds;
import se.samtal.server.metrics.SamtalMetrics;
import se.samtal.server.net.ClientAddress;

import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One WebSocket connection: its seat once {@code hello} succeeded ({@link Seat}), the lane its
 * requests run in ({@link Lane}), and its outbound queue. Sending is safe from any thread and
 * never blocks: frames are queued on the channel, and a client that lets more than
 * {@code maxQueuedBytes} pile up is cut off with {@link CloseCodes#SLOW_CONSUMER} instead of being
 * buffered without limit.
 */
public final class Connection {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    /** How long a closing connection waits for the client's close frame before the socket is cut. */
    private static final long CLOSE_FLUSH_MILLIS = 2000;

    private final Channel channel;
    private final String id = OpaqueIds.next("c_");
    private final WireCodec codec;
    private final SamtalMetrics metrics;
    private final long maxQueuedBytes;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Lane lane;
    private volatile int closeCode = 1006;
    private volatile Seat seat;
    private volatile boolean helloStarted;
    private volatile ClientAddress clientAddress = ClientAddress.UNKNOWN;

    Connection(Channel channel, WireCodec codec, SamtalMetrics metrics, long maxQueuedBytes, Executor blocking,
               ClientAddress clientAddress) {
        this.clientAddress = clientAddress;
        this.channel = channel;
        this.codec = codec;
        this.metrics = metrics;
        this.maxQueuedBytes = maxQueuedBytes;
        this.lane = new Lane(blocking);
    }

    public String connectionId() {
        return id;
    }

    /** Where the connection came from (behind a trusted proxy: the address its header named at the handshake). */
    public ClientAddress clientAddress() {
        return clientAddress;
    }

    /** What the connection holds once {@code hello} succeeded; null before. */
    public Seat seat() {
        return seat;
    }

    void bind(Seat taken) {
        this.seat = taken;
    }

    /** Where this connection's requests run, in order. */
    public Lane lane() {
        return lane;
    }

    /** Runs {@code action} once the connection has closed (at once if it already has). */
    public void onClose(Runnable action) {
        channel.closeFuture().addListener(f -> action.run());
    }

    /** Marks that {@code hello} arrived; returns false if one already had. */
    boolean startHello() {
        if (helloStarted) {
            return false;
        }
        helloStarted = true;
        return true;
    }

    boolean helloStarted() {
        return helloStarted;
    }

    public boolean isOpen() {
        return channel.isActive() && !closing.get();
    }

    /** The codec this connection's frames are written with (to encode a frame once for many connections). */
    public WireCodec codec() {
        return codec;
    }

    Channel channel() {
        return channel;
    }

    /** Encodes and sends one message. */
    public void send(ServerMessage message) {
        send(EncodedMessage.of(codec, message));
    }

    /** Sends a message encoded once for any number of connections. */
    public void send(EncodedMessage message) {
        if (closing.get()) {
            return;
        }
        int size = message.json().length;
        if (queuedBytes.addAndGet(size) > maxQueuedBytes) {
            queuedBytes.addAndGet(-size);
            log.atInfo().setMessage("Client too slow; closing").addKeyValue("connection", id)
                    .addKeyValue("queuedBytes", queuedBytes.get()).log();
            close(CloseCodes.SLOW_CONSUMER, "too slow to read its messages");
            return;
        }
        metrics.messageOut(message.type());
        channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(message.json())))
                .addListener(f -> queuedBytes.addAndGet(-size));
    }

    /**
     * Starts the closing handshake: sends the close frame, then waits for the client's close
     * frame (the handler closes the socket when it comes) for at most {@link #CLOSE_FLUSH_MILLIS}.
     * Closing the socket at once would let the kernel reset it while the client is still sending,
     * and the reset can destroy the close frame before the client reads it (1006 instead of the code).
     */
    public void close(int closeCode, String reason) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        this.closeCode = closeCode;
        if (!channel.isActive()) {
            return;
        }
        channel.eventLoop().schedule(() -> {
            channel.close();
        }, CLOSE_FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        channel.writeAndFlush(new CloseWebSocketFrame(closeCode, reason))
                .addListener((ChannelFutureListener) f -> {
                    if (!f.isSuccess()) {
                        f.channel().close();
                    }
                });
    }

    /** The close code this connection ended with: the one we sent, the client's, or 1006 if it just dropped. */
    int closeCode() {
        return closeCode;
    }

    void peerClosed(int code) {
        if (!closing.get()) {
            this.closeCode = code;
        }
    }

    boolean isClosing() {
        return closing.get();
    }
}
