package se.samtal.redis;

import redis.clients.jedis.exceptions.JedisConnectionException;

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

    /** Whether {@code failure} proves the command never reached Redis, so nothing of it happened. */
    public static boolean neverSent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
            String message = t.getMessage();
            if (message != null && (message.startsWith("Failed to connect") || message.contains("Could not get a resource from the pool"))) {
                return true;
            }
        }
        return false;
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
