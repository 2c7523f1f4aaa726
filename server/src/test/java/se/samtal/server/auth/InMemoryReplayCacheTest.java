package se.samtal.server.auth;

/** The replay cache contract against the in-memory cache of embedded mode. */
class InMemoryReplayCacheTest extends ReplayCacheContract {
    private final InMemoryReplayCache cache = new InMemoryReplayCache(clock);

    @Override
    protected ReplayCache cache() {
        return cache;
    }
}
