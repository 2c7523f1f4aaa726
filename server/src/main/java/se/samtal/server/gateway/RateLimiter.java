package se.samtal.server.gateway;

/**
 * Counts requests per person (tenant and person ref, across all their connections) so no one can
 * flood the server. A cluster shares the counts through Redis.
 */
public interface RateLimiter {

    /** Takes one request from {@code key}'s allowance; returns 0 if allowed, else milliseconds until it would be. */
    long tryAcquire(String key);
}
