package se.samtal.server.gateway;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.protocol.CloseCodes;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.WireCodec;
import se.samtal.server.auth.Principal;
import se.samtal.server.id.OpaqueIds;
import se.samtal.server.metrics.SamtalMetrics;
import se.samtal.server.net.ClientAddress;
import se.samtal.server.presence.ClientLink;
import se.samtal.server.presence.EncodedMessage;
import se.samtal.server.presence.LiveSession;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One WebSocket connection. Sending is safe from any thread and never blocks: frames are queued
 * on the channel, and a client that lets more than {@code maxQueuedBytes} pile up is cut off with
 * {@link CloseCodes#SLOW_CONSUMER} instead of being buffered without limit.
 */
public final class Connection implements ClientLink {
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
    private volatile int closeCode = 1006;
    private volatile Binding binding;
    private volatile boolean helloStarted;
    private volatile ClientAddress clientAddress = ClientAddress.UNKNOWN;

    /**
     * The session and place this connection holds, once {@code hello} succeeded; or, for a
     * connection opened with a care conversation's link, the conversation (then {@code session}
     * is null and {@code participantId} is the member id).
     */
    public record Binding(LiveSession session, String participantId, Principal principal, String conversationId) {

        /** A binding to a session. */
        public Binding(LiveSession session, String participantId, Principal principal) {
            this(session, participantId, principal, null);
        }

        /** A binding to a care conversation. */
        public static Binding toConversation(String conversationId, String memberId, Principal principal) {
            return new Binding(null, memberId, principal, conversationId);
        }

        /** The live session, for requests that only make sense in one; a conversation connection gets a typed error. */
        public LiveSession requireSession() {
            if (session == null) {
                throw new SamtalException(ErrorCode.BAD_REQUEST, "This connection is to a conversation, not a session.");
            }
            return session;
        }
    }

    Connection(Channel channel, WireCodec codec, SamtalMetrics metrics, long maxQueuedBytes, ClientAddress clientAddress) {
        this.clientAddress = clientAddress;
        this.channel = channel;
        this.codec = codec;
        this.metrics = metrics;
        this.maxQueuedBytes = maxQueuedBytes;
    }

    @Override
    public String connectionId() {
        return id;
    }

    /** Where the connection came from (behind a trusted proxy: the address its header named at the handshake). */
    public ClientAddress clientAddress() {
        return clientAddress;
    }

    public Binding binding() {
        return binding;
    }

    void bind(Binding binding) {
        this.binding = binding;
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

    @Override
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
    @Override
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
