package se.samtal.server.gateway;

import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import se.samtal.redis.RedisFailures;

/**
 * A request that failed because Redis went away, told apart by what Redis can have done: nothing
 * (no connection could be had, or Redis, just started, was still loading its data and refused the
 * command), or perhaps all of it (the connection broke after the command was sent).
 */
final class StoreAway {
    /** How long a client is asked to wait before trying again when Redis could not be reached. */
    static final long RETRY_AFTER_MS = 1000;

    private StoreAway() {
    }

    static boolean isRedis(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof JedisConnectionException || loading(t)) {
                return true;
            }
        }
        return false;
    }

    /** Whether nothing of the command reached Redis, or Redis refused it unrun. */
    static boolean neverReached(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (loading(t)) {
                return true;
            }
        }
        return RedisFailures.neverSent(failure);
    }

    private static boolean loading(Throwable t) {
        return t instanceof JedisDataException && t.getMessage() != null && t.getMessage().startsWith("LOADING");
    }
}
