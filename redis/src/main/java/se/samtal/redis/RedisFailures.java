package se.samtal.redis;

import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

import java.net.ConnectException;

/**
 * What a failed Redis call says about what Redis did. A command that never left this node (no
 * connection could be had: Redis refused it, or the pool had none to lend) changed nothing. A
 * command whose connection broke or timed out after it was sent may have run, or not: only asking
 * again tells (which is why every write that matters carries an idempotency key).
 */
public final class RedisFailures {
    private RedisFailures() {
    }

    /**
     * Whether {@code failure} is Redis gone away (its connection could not be had, broke or timed
     * out) or not ready (just started, still loading its data) — not a fault of the command.
     */
    public static boolean isRedisAway(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof JedisConnectionException || loading(t) || poolExhausted(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The pool had no connection to lend within its wait (every one busy: a node overloaded, or
     * Redis slow to answer): the command was never sent. Jedis says so with a plain
     * {@code JedisException}, not a connection failure.
     */
    private static boolean poolExhausted(Throwable t) {
        return t instanceof JedisException && t.getMessage() != null
                && t.getMessage().contains("Could not get a resource from the pool");
    }

    /**
     * Whether {@code failure} proves the command never ran, so nothing of it happened: it never
     * reached Redis, or Redis refused it unrun while loading its data after a start.
     */
    public static boolean neverSent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || loading(t)) {
                return true;
            }
            String message = t.getMessage();
            if (message != null && (message.startsWith("Failed to connect") || message.contains("Could not get a resource from the pool"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean loading(Throwable t) {
        return t instanceof JedisDataException && t.getMessage() != null && t.getMessage().startsWith("LOADING");
    }

    /**
     * Whether Redis may have run the command although no answer came: the connection broke
     * ("Unexpected end of stream"), was reset, or timed out after the command was sent.
     */
    public static boolean outcomeUnknown(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof JedisConnectionException) {
                return !neverSent(failure);
            }
        }
        return false;
    }
}
