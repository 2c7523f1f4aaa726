package se.samtal.chat;

/** A rate limit by key (the server passes its token buckets). */
@FunctionalInterface
public interface Throttle {
    Throttle NONE = key -> 0;

    /** Takes one from {@code key}'s allowance: 0 if allowed, else milliseconds until it would be. */
    long tryAcquire(String key);
}
