package se.samtal.client;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.ProtocolException;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.WireCodec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One WebSocket connection to samtal. Requests get futures that complete with the ack's result
 * or fail with a {@link SamtalException} carrying the server's error code. A request that gets no
 * reply within the request timeout ({@link SamtalClient#DEFAULT_REQUEST_TIMEOUT} unless the client
 * was made with another) fails with {@code outcome_unknown}, as the protocol says an unanswered
 * request must be treated: send it again (a chat message with the same idempotency key) to learn
 * what happened. A reply that comes later is ignored. A connection that closes before a request's
 * reply fails it with {@code outcome_unknown} too. Everything else the server sends (events,
 * errors without a request id) lands in {@link #nextEvent}'s queue, in order. Tracks the newest
 * resume token and session sequence for reconnecting.
 */
public final class SamtalConnection implements AutoCloseable {
    private final WireCodec codec;
    private final Duration requestTimeout;
    private final Map<String, CompletableFuture<ServerMessage>> pending = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<ServerMessage> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private final CompletableFuture<Session> opened = new CompletableFuture<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile Session session;
    private volatile ServerMessage.Welcome welcome;
    private volatile String resumeToken;
    private volatile long lastSeq;

    SamtalConnection(WireCodec codec, Duration requestTimeout) {
        this.codec = codec;
        this.requestTimeout = requestTimeout;
    }

    Endpoint endpoint() {
        return new Endpoint() {
            @Override
            public void onOpen(Session s, EndpointConfig config) {
                session = s;
                s.setMaxTextMessageBufferSize(16 * 1024 * 1024);
                s.addMessageHandler(String.class, (MessageHandler.Whole<String>) SamtalConnection.this::onText);
                opened.complete(s);
            }

            @Override
            public void onClose(Session s, CloseReason reason) {
                closed.complete(reason);
                // Closed before the reply: the server may have done it, so the outcome is unknown, never "not done".
                var failure = new SamtalException(se.samtal.protocol.ErrorCode.OUTCOME_UNKNOWN,
                        "Connection closed (" + reason.getCloseCode().getCode() + ") before the reply.");
                pending.values().forEach(f -> f.completeExceptionally(failure));
            }

            @Override
            public void onError(Session s, Throwable error) {
                if (!opened.isDone()) {
                    opened.completeExceptionally(error);
                }
            }
        };
    }

    private void onText(String text) {
        ServerMessage message;
        try {
            message = codec.decodeServer(text);
        } catch (ProtocolException e) {
            return; // a newer server's message type this client does not know
        }
        switch (message) {
            case ServerMessage.Welcome w -> {
                welcome = w;
                resumeToken = w.resumeToken();
                lastSeq = w.seq();
                complete(w.id(), w);
            }
            case ServerMessage.Ack ack -> complete(ack.id(), ack);
            case ServerMessage.Error error when error.id() != null && pending.containsKey(error.id()) -> complete(error.id(), error);
            case ServerMessage.ResumeToken fresh -> {
                resumeToken = fresh.token();
                events.add(fresh);
            }
            case ServerMessage.SessionEvent event -> {
                lastSeq = Math.max(lastSeq, event.seq());
                events.add(event);
            }
            default -> events.add(message);
        }
    }

    private void complete(String id, ServerMessage reply) {
        var future = id == null ? null : pending.remove(id);
        if (future != null) {
            future.complete(reply);
        } else {
            events.add(reply);
        }
    }

    /** A fresh request id for this connection. */
    public String nextId() {
        return "r" + ids.incrementAndGet();
    }

    /** Sends {@code hello}; the future completes with the welcome, or fails with the server's error. */
    public CompletableFuture<ServerMessage.Welcome> hello(Function<String, ClientMessage.Hello> hello) {
        return send(hello.apply(nextId())).thenApply(reply -> (ServerMessage.Welcome) reply);
    }

    /**
     * Sends a request built with a fresh id. The future completes with the ack's {@code result}
     * (a JSON tree, possibly null) or fails with a {@link SamtalException}.
     */
    public CompletableFuture<JsonNode> request(Function<String, ? extends ClientMessage> request) {
        return send(request.apply(nextId())).thenApply(reply -> ((ServerMessage.Ack) reply).result());
    }

    private CompletableFuture<ServerMessage> send(ClientMessage message) {
        var future = new CompletableFuture<ServerMessage>();
        pending.put(message.id(), future);
        CompletableFuture.runAsync(() -> {
            if (pending.remove(message.id(), future)) {
                future.completeExceptionally(new SamtalException(se.samtal.protocol.ErrorCode.OUTCOME_UNKNOWN,
                        "No reply within " + requestTimeout.toMillis() + " ms."));
            }
        }, CompletableFuture.delayedExecutor(requestTimeout.toMillis(), TimeUnit.MILLISECONDS));
        try {
            sendText(codec.encodeToString(message));
        } catch (UncheckedIOException e) {
            pending.remove(message.id());
            future.completeExceptionally(e.getCause());
        }
        return future.thenApply(reply -> {
            if (reply instanceof ServerMessage.Error error) {
                throw error.retryAfterMs() != null ? SamtalException.tryAgainLater(error.code(), error.message(), error.retryAfterMs())
                        : new SamtalException(error.code(), error.message());
            }
            return reply;
        });
    }

    /** Sends a frame as is: for tests and for poking at the protocol by hand. */
    public void sendText(String text) {
        try {
            awaitOpen().getBasicRemote().sendText(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a binary frame (which samtal refuses): for protocol tests. */
    public void sendBinary(byte[] bytes) {
        try {
            awaitOpen().getBasicRemote().sendBinary(java.nio.ByteBuffer.wrap(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Session awaitOpen() throws IOException {
        try {
            return opened.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("not connected", e);
        }
    }

    /** The next event (or unsolicited error) within {@code timeout}, or null. */
    public ServerMessage nextEvent(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits for the first event that matches, dropping those before it; null on timeout. */
    @SuppressWarnings("unchecked")
    public <T extends ServerMessage> T awaitEvent(Class<T> type, Predicate<? super T> matches, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            ServerMessage message = events.poll(left, TimeUnit.NANOSECONDS);
            if (message == null) {
                return null;
            }
            if (type.isInstance(message) && matches.test((T) message)) {
                return (T) message;
            }
        }
    }

    /** Completes when the connection is closed, with the close code and reason. */
    public CompletableFuture<CloseReason> closed() {
        return closed;
    }

    public ServerMessage.Welcome welcome() {
        return welcome;
    }

    /** The newest resume token the server gave this connection. */
    public String resumeToken() {
        return resumeToken;
    }

    /** The highest session-stream sequence number seen. */
    public long lastSeq() {
        return lastSeq;
    }

    public boolean isOpen() {
        return session != null && session.isOpen();
    }

    @Override
    public void close() {
        var s = session;
        if (s != null && s.isOpen()) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }
}
