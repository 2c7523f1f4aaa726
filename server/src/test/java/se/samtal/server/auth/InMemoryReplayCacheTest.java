package se.samtal.server.auth;

import java.time.Clock;

/** The replay cache contract against the in-memory cache of embedded mode. */
class InMemoryReplayCacheTest extends ReplayCacheContract {
    private final InMemoryReplayCache cache = new InMemoryReplayCache(Clock.systemUTC());

    @Override
    protected ReplayCache cache() {
        return cache;
    }
}
