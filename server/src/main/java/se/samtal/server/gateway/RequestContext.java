package se.samtal.server.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.ServerMessage;
import se.samtal.redis.RedisFailures;
import se.samtal.server.metrics.SamtalMetrics;

import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One request in flight. Whatever happens, it is answered exactly once: {@link #ack}, {@link #fail},
 * or, for {@code hello}, the welcome that the join queues ({@link #answeredElsewhere()}).
 */
public final class RequestContext {
    private static final Logger log = LoggerFactory.getLogger(RequestContext.class);
    /** How long a client is asked to wait before trying again when Redis could not be reached. */
    static final long RETRY_AFTER_MS = 1000;

    private final Connection connection;
    private final String requestId;
    private final String type;
    private final long startNanos;
    private final SamtalMetrics metrics;
    private final AtomicBoolean answered = new AtomicBoolean();

    RequestContext(Connection connection, String requestId, String type, SamtalMetrics metrics) {
        this.connection = connection;
        this.requestId = requestId;
        this.type = type;
        this.metrics = metrics;
        this.startNanos = System.nanoTime();
    }

    public Connection connection() {
        return connection;
    }

    public String requestId() {
        return requestId;
    }

    /** The seat of a connection that said hello; requests other than hello only run with one. */
    public Seat seat() {
        return connection.seat();
    }

    /**
     * Runs {@code work} in the connection's {@link Lane}, after its earlier requests, and answers
     * a failure: {@code refused} hears a typed refusal first (for the audit), then the request is
     * answered with its code, or {@code internal_error} for anything else.
     *
     * @param mayBlock whether the work may block (then it runs on a virtual thread)
     */
    public void inLane(boolean mayBlock, Runnable work, Consumer<SamtalException> refused) {
        connection.lane().run(mayBlock, () -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                if (cause(e) instanceof SamtalException refusal) {
                    refused.accept(refusal);
                }
                fail(e);
            }
        });
    }

    /** {@link #inLane(boolean, Runnable, Consumer)} with nobody to hear a refusal but the client. */
    public void inLane(boolean mayBlock, Runnable work) {
        inLane(mayBlock, work, refusal -> { });
    }

    /** What failed: the cause a {@link CompletionException} carries, or the failure itself. The one way failures are unwrapped. */
    public static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** Succeeds with no result. */
    public void ack() {
        ack(null);
    }

    /** Succeeds with {@code result} (any value Jackson can write) as the ack's {@code result}. */
    public void ack(Object result) {
        if (claim()) {
            connection.reply(new EncodedMessage("ack", connection.codec().encodeAck(requestId, result)));
            metrics.requestHandled(type, System.nanoTime() - startNanos);
        }
    }

    public void fail(ErrorCode code) {
        fail(code, code.defaultMessage(), null);
    }

    public void fail(ErrorCode code, String message, Long retryAfterMs) {
        if (claim()) {
            metrics.error(code);
            connection.reply(new ServerMessage.Error(requestId, code, message, retryAfterMs));
            metrics.requestHandled(type, System.nanoTime() - startNanos);
        }
    }

    /**
     * Fails with the code of a {@link SamtalException}. A Redis that could not be reached (nothing
     * of the request got to it) is {@code unavailable}: not done, try again shortly; a Redis that
     * stopped answering after it was asked is {@code outcome_unknown}: it may have been done.
     * Anything else is {@code internal_error}, which promises "not done": so it is never said of
     * a store that went away.
     */
    public void fail(Throwable failure) {
        Throwable cause = cause(failure);
        if (cause instanceof SamtalException e) {
            fail(e.code(), e.getMessage(), e.retryAfterMs());
        } else if (RedisFailures.isRedisAway(cause)) {
            boolean notDone = RedisFailures.neverSent(cause);
            log.atWarn().setMessage("Request failed: Redis did not answer").addKeyValue("type", type)
                    .addKeyValue("connection", connection.connectionId()).addKeyValue("outcome", notDone ? "not_done" : "unknown")
                    .addKeyValue("reason", cause.getMessage()).log();
            if (notDone) {
                fail(ErrorCode.UNAVAILABLE, "The store cannot be reached just now; nothing was done. Try again shortly.",
                        RETRY_AFTER_MS);
            } else {
                fail(ErrorCode.OUTCOME_UNKNOWN);
            }
        } else {
            log.atError().setMessage("Request failed").addKeyValue("type", type)
                    .addKeyValue("connection", connection.connectionId()).setCause(cause).log();
            fail(ErrorCode.INTERNAL_ERROR);
        }
    }

    /** For hello: the welcome, queued by the join itself, is the answer. */
    void answeredElsewhere() {
        if (claim()) {
            metrics.requestHandled(type, System.nanoTime() - startNanos);
        }
    }

    boolean isAnswered() {
        return answered.get();
    }

    private boolean claim() {
        return answered.compareAndSet(false, true);
    }
}
