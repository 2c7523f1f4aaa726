package se.samtal.server.gateway;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.protocol.CloseCodes;
import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.WireCodec;
import se.samtal.server.id.OpaqueIds;
import se.samtal.server.metrics.SamtalMetrics;
import se.samtal.server.net.ClientAddress;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * One WebSocket connection: its seat once {@code hello} succeeded ({@link Seat}), the lane its
 * requests run in ({@link Lane}), and its outbound queue. Sending is safe from any thread and
 * never blocks.
 *
 * <p>What is sent is of two kinds. <b>Events</b> (what others do, fanned out to this connection)
 * come whether the client reads or not: a client that lets more than {@code maxQueuedBytes} of
 * them pile up is too slow and is cut off with {@link CloseCodes#SLOW_CONSUMER}, instead of being
 * buffered without limit. <b>Replies</b> (to this connection's own requests) come only because it
 * asked, so they never count as slowness: while more than {@code maxQueuedBytes} of them wait,
 * the connection is simply not read from (its next requests wait in the socket), until it has
 * read half of them.
 *
 * <p>Frames wait in this connection's own queue until Netty's buffer has room, so when the
 * connection is cut off as too slow, what it has not been sent yet is dropped and the close frame
 * goes next: a client that reads on, however slowly, is told 4009, not left with a dead socket.
 */
public final class Connection {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    /** How long a closing connection waits for the client's close frame, once ours is written, before the socket is cut. */
    private static final long CLOSE_FLUSH_MILLIS = 2000;
    /** How long a closing connection waits at most for its close frame to be written at all (a client that reads nothing). */
    private static final long CLOSE_WRITE_MILLIS = 30_000;
    /*
     * Counters and the closing flag are plain volatile fields updated through field updaters, not
     * Atomic objects of their own: a held connection is mostly these few fields, many thousand times.
     */
    private static final AtomicLongFieldUpdater<Connection> EVENT_BYTES = AtomicLongFieldUpdater.newUpdater(Connection.class, "eventBytes");
    private static final AtomicLongFieldUpdater<Connection> REPLY_BYTES = AtomicLongFieldUpdater.newUpdater(Connection.class, "replyBytes");
    private static final AtomicIntegerFieldUpdater<Connection> CLOSING = AtomicIntegerFieldUpdater.newUpdater(Connection.class, "closing");

    private final Channel channel;
    private final String id = OpaqueIds.next("c_");
    private final WireCodec codec;
    private final SamtalMetrics metrics;
    private final long maxQueuedBytes;
    private volatile long eventBytes;
    private volatile long replyBytes;
    /** 1 once {@link #close} began. */
    private volatile int closing;
    private final Lane lane;
    /** Frames not yet handed to Netty; only touched on the channel's event loop. */
    private ArrayDeque<Outgoing> waiting; // made when a frame first has to wait: a held connection mostly never has one
    private boolean readingPaused;
    private boolean closeQueued;
    /** Event loop only: the socket has closed ({@link #ended}). */
    private boolean ended;
    private volatile int closeCode = 1006;
    private volatile boolean closedByServer;
    private volatile Seat seat;
    private volatile boolean helloStarted;
    private volatile ClientAddress clientAddress = ClientAddress.UNKNOWN;
    /*
     * What the heartbeat sweep of this connection's event loop keeps of it (Heartbeats), instead
     * of timers of its own; only touched on that loop.
     */
    /** When a frame was last read from it ({@link System#nanoTime()}). */
    long lastReadNanos;
    /** When its resume token is next refreshed, once it has a seat. */
    long refreshDueNanos;
    /** Its neighbours in its event loop's list of connections. */
    Connection beatPrevious;
    Connection beatNext;

    private record Outgoing(WebSocketFrame frame, int size, boolean reply) {
    }

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
        return channel.isActive() && closing == 0;
    }

    /** The codec this connection's frames are written with (to encode a frame once for many connections). */
    public WireCodec codec() {
        return codec;
    }

    Channel channel() {
        return channel;
    }

    /** Encodes and sends one event. */
    public void send(ServerMessage message) {
        send(EncodedMessage.of(codec, message));
    }

    /** Sends an event encoded once for any number of connections. */
    public void send(EncodedMessage message) {
        if (closing == 1) {
            return;
        }
        int size = message.json().length;
        if (EVENT_BYTES.addAndGet(this, size) > maxQueuedBytes) {
            EVENT_BYTES.addAndGet(this, -size);
            log.atInfo().setMessage("Client too slow; closing").addKeyValue("connection", id)
                    .addKeyValue("queuedBytes", eventBytes).log();
            close(CloseCodes.SLOW_CONSUMER, "too slow to read its messages");
            return;
        }
        queue(message, size, false);
    }

    /** Sends the reply to one of this connection's requests: never counted as slowness (see the class). */
    void reply(ServerMessage message) {
        if (closing == 1) {
            return;
        }
        reply(EncodedMessage.of(codec, message));
    }

    /** {@link #reply(ServerMessage)}, encoded already. */
    void reply(EncodedMessage encoded) {
        if (closing == 1) {
            return;
        }
        int size = encoded.json().length;
        REPLY_BYTES.addAndGet(this, size);
        queue(encoded, size, true);
    }

    private void queue(EncodedMessage message, int size, boolean reply) {
        metrics.messageOut(message.type());
        var outgoing = new Outgoing(new TextWebSocketFrame(Unpooled.wrappedBuffer(message.json())), size, reply);
        onLoop(() -> {
            if (closeQueued || ended) {
                outgoing.frame().release(); // after our close frame (or the socket's end) nothing more may go
                written(outgoing);
                return;
            }
            if ((waiting == null || waiting.isEmpty()) && channel.isWritable()) {
                write(outgoing); // nothing before it: no need to queue it
                channel.flush();
                pauseIfRepliesPileUp();
            } else {
                waiting().add(outgoing);
                drain();
            }
        });
    }

    private void onLoop(Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            task.run();
        } else {
            channel.eventLoop().execute(task);
        }
    }

    private ArrayDeque<Outgoing> waiting() {
        if (waiting == null) {
            waiting = new ArrayDeque<>(1);
        }
        return waiting;
    }

    /** On the event loop: hands waiting frames to Netty while it has room, and pauses reading while replies pile up. */
    private void drain() {
        boolean wrote = false;
        Outgoing next;
        while (waiting != null && channel.isWritable() && (next = waiting.poll()) != null) {
            write(next);
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
        pauseIfRepliesPileUp();
    }

    private void write(Outgoing sent) {
        if (sent.frame() instanceof CloseWebSocketFrame) {
            // Ours is out: give the client a moment to answer it, then cut the socket.
            channel.write(sent.frame()).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    f.channel().eventLoop().schedule(() -> {
                        f.channel().close();
                    }, CLOSE_FLUSH_MILLIS, TimeUnit.MILLISECONDS);
                } else {
                    f.channel().close();
                }
            });
        } else {
            channel.write(sent.frame()).addListener(f -> written(sent));
        }
    }

    private void pauseIfRepliesPileUp() {
        if (!readingPaused && replyBytes > maxQueuedBytes) {
            readingPaused = true;
            channel.config().setAutoRead(false);
        }
    }

    /** On the event loop: a frame left Netty (written, or failed because the channel closed). */
    private void written(Outgoing sent) {
        if (sent.reply()) {
            long left = REPLY_BYTES.addAndGet(this, -sent.size());
            if (readingPaused && left <= maxQueuedBytes / 2) {
                readingPaused = false;
                channel.config().setAutoRead(true);
            }
        } else {
            EVENT_BYTES.addAndGet(this, -sent.size());
        }
    }

    /**
     * On the event loop, once the socket has closed: the frames still waiting will never be
     * written, so their buffers are released now (they were leaked before: a client that went
     * away while its frames waited, or while our close frame waited behind them), and whatever
     * is queued after this is released at once.
     */
    void ended() {
        ended = true;
        dropWaiting();
    }

    /** On the event loop: releases the frames still waiting, unwritten. */
    private void dropWaiting() {
        Outgoing dropped;
        while (waiting != null && (dropped = waiting.poll()) != null) {
            dropped.frame().release();
            written(dropped);
        }
    }

    /** Event loop only: how many frames wait for room in Netty's buffer (for tests). */
    int framesWaiting() {
        return waiting == null ? 0 : waiting.size();
    }

    /** Netty's buffer has room again (the client read some). */
    void writable() {
        drain();
    }

    /**
     * Starts the closing handshake: sends the close frame after what is queued (a slow consumer's
     * queue is dropped instead: it would never get through), then waits for the client's close
     * frame (the handler closes the socket when it comes) for {@link #CLOSE_FLUSH_MILLIS} once ours
     * is written, and for {@link #CLOSE_WRITE_MILLIS} at most in all. Closing the socket at once
     * would let the kernel reset it while the client is still sending, and the reset can destroy
     * the close frame before the client reads it (1006 instead of the code).
     */
    public void close(int closeCode, String reason) {
        if (!CLOSING.compareAndSet(this, 0, 1)) {
            return;
        }
        this.closeCode = closeCode;
        this.closedByServer = true;
        metrics.connectionCloseCode(closeCode);
        if (!channel.isActive()) {
            return;
        }
        onLoop(() -> {
            if (ended) {
                return; // the socket closed before this task ran: no frame to send, nothing to wait for
            }
            if (closeCode == CloseCodes.SLOW_CONSUMER) {
                dropWaiting();
            }
            var hardStop = channel.eventLoop().schedule(() -> {
                channel.close();
            }, CLOSE_WRITE_MILLIS, TimeUnit.MILLISECONDS);
            channel.closeFuture().addListener(f -> hardStop.cancel(false));
            closeQueued = true;
            waiting().add(new Outgoing(new CloseWebSocketFrame(closeCode, reason), 0, false));
            drain();
        });
    }

    /** The close code this connection ended with: the one we sent, the client's, or 1006 if it just dropped. */
    int closeCode() {
        return closeCode;
    }

    /** Whether the server closed it (its code is counted already, when it decided). */
    boolean closedByServer() {
        return closedByServer;
    }

    void peerClosed(int code) {
        if (closing == 0) {
            this.closeCode = code;
        }
    }

    boolean isClosing() {
        return closing == 1;
    }
}
