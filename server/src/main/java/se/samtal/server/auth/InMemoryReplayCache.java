package se.samtal.server.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link ReplayCache} for one node. Entries are swept every few thousand inserts, so memory is
 * bounded by the number of tokens used within their lifetime.
 */
public final class InMemoryReplayCache implements ReplayCache {
    private static final int SWEEP_EVERY = 4096;

    private final ConcurrentHashMap<String, Instant> used = new ConcurrentHashMap<>();
    private final AtomicLong inserts = new AtomicLong();
    private final Clock clock;

    public InMemoryReplayCache(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean firstUse(String tenantId, String tokenId, Instant forgetAfter) {
        Instant now = clock.instant();
        String key = tenantId + '\u0000' + tokenId;
        boolean[] first = {false};
        used.compute(key, (k, existing) -> {
            if (existing == null || existing.isBefore(now)) {
                first[0] = true;
                return forgetAfter;
            }
            return existing;
        });
        if (first[0] && inserts.incrementAndGet() % SWEEP_EVERY == 0) {
            used.values().removeIf(expiry -> expiry.isBefore(now));
        }
        return first[0];
    }

    int size() {
        return used.size();
    }
}
