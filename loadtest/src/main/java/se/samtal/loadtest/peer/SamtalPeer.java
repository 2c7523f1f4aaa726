package se.samtal.loadtest.peer;

import io.netty.buffer.ByteBuf;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.WireCodec;
import se.samtal.loadtest.wire.WsClient;
import se.samtal.loadtest.wire.WsConnection;
import se.samtal.loadtest.wire.WsListener;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One person's connection to samtal, spoken in the protocol: requests whose reply (matched by
 * id) completes a future, and events that a benchmark can wait for. Events nobody waits for yet
 * are kept (the newest {@value #KEPT_EVENTS}), so waiting for one that already came still works.
 *
 * <p>In {@linkplain #hotPath hot-path mode} frames are read for their header only and handed to
 * a callback: that is how the throughput benchmarks count deliveries without building trees.
 */
public final class SamtalPeer implements WsListener {
    private static final int KEPT_EVENTS = 256;
    public static final Duration REPLY_TIMEOUT = Duration.ofSeconds(15);

    private final WireCodec codec;
    private final Frames frames;
    private final Map<String, CompletableFuture<Frame>> pending = new ConcurrentHashMap<>();
    private final ArrayDeque<Frame> kept = new ArrayDeque<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile Consumer<Frame> hotPath;
    private volatile WsConnection connection;
    private volatile Frame welcome;

    private record Waiter(Predicate<Frame> wanted, CompletableFuture<Frame> future) {
    }

    private SamtalPeer(WireCodec codec, Frames frames) {
        this.codec = codec;
        this.frames = frames;
    }

    /** Opens a WebSocket to {@code webSocket} (samtal's {@code /ws}); completes when it is open. */
    public static CompletableFuture<SamtalPeer> open(WsClient client, URI webSocket, WireCodec codec, Frames frames) {
        var peer = new SamtalPeer(codec, frames);
        return client.connect(webSocket, peer).thenApply(c -> peer);
    }

    /** Says hello with a join token; completes with the welcome. */
    public CompletableFuture<Frame> hello(String token) {
        return request(id -> ClientMessage.Hello.withToken(id, token)).thenApply(this::welcomed);
    }

    /** Says hello with a resume token and the last session sequence seen; completes with the welcome. */
    public CompletableFuture<Frame> resume(String resumeToken, long lastSeq) {
        return request(id -> ClientMessage.Hello.resuming(id, resumeToken, lastSeq)).thenApply(this::welcomed);
    }

    private Frame welcomed(Frame frame) {
        welcome = frame;
        return frame;
    }

    public Frame welcome() {
        return welcome;
    }

    /** The participant (or conversation member) id the welcome gave. */
    public String participantId() {
        return welcome.at("/you/participantId");
    }

    /** Sends a request with a fresh id; completes with the ack (or welcome), fails with {@link PeerException}. */
    public CompletableFuture<Frame> request(Function<String, ? extends ClientMessage> message) {
        String id = "r" + ids.incrementAndGet();
        var reply = new CompletableFuture<Frame>();
        pending.put(id, reply);
        connection.send(codec.encode(message.apply(id)));
        return reply.orTimeout(REPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((frame, failure) -> pending.remove(id));
    }

    /**
     * Sends a request whose reply nobody waits for: it goes to the hot-path callback. For the
     * throughput benchmarks; {@code id} must not start with {@code r}.
     */
    public void send(ClientMessage message) {
        connection.send(codec.encode(message));
    }

    /** The first event (not a reply) that {@code wanted} accepts, also one that came already. */
    public CompletableFuture<Frame> awaitEvent(Predicate<Frame> wanted, Duration timeout) {
        var future = new CompletableFuture<Frame>();
        synchronized (this) {
            for (Iterator<Frame> it = kept.iterator(); it.hasNext(); ) {
                Frame frame = it.next();
                if (wanted.test(frame)) {
                    it.remove();
                    return CompletableFuture.completedFuture(frame);
                }
            }
            waiters.add(new Waiter(wanted, future));
        }
        return future.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((f, e) -> {
            synchronized (this) {
                waiters.removeIf(w -> w.future() == future);
            }
        });
    }

    /**
     * From now on, frames are read for their header only and handed to {@code callback} unless
     * they answer a request made with {@link #request} (null: read whole frames again).
     */
    public void hotPath(Consumer<Frame> callback) {
        this.hotPath = callback;
    }

    public WsConnection connection() {
        return connection;
    }

    /** Completes with the close code once the connection is gone. */
    public CompletableFuture<Integer> closed() {
        return closed;
    }

    @Override
    public void opened(WsConnection connection) {
        this.connection = connection;
    }

    @Override
    public void text(WsConnection connection, ByteBuf utf8) {
        Consumer<Frame> hot = hotPath;
        Frame frame = hot != null ? frames.header(utf8) : frames.full(utf8);
        if (frame.isReply()) {
            var reply = pending.get(frame.id());
            if (reply != null) {
                if (frame.isError()) {
                    reply.completeExceptionally(new PeerException(frame.code(), frame.at("/message")));
                } else {
                    reply.complete(hot != null && frame.tree() == null ? frames.full(utf8) : frame);
                }
                return;
            }
        }
        if (hot != null) {
            hot.accept(frame);
            return;
        }
        synchronized (this) {
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter waiter = it.next();
                if (waiter.wanted().test(frame)) {
                    it.remove();
                    waiter.future().complete(frame);
                    return;
                }
            }
            if (kept.size() == KEPT_EVENTS) {
                kept.removeFirst();
            }
            kept.addLast(frame);
        }
    }

    @Override
    public void closed(WsConnection connection, int code) {
        closed.complete(code);
        var failure = new PeerException("closed", "connection closed with " + code);
        pending.values().forEach(f -> f.completeExceptionally(failure));
        synchronized (this) {
            waiters.forEach(w -> w.future().completeExceptionally(failure));
            waiters.clear();
        }
    }
}
