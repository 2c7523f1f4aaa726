package se.samtal.server.auth.redis;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.samtal.redis.KeySpace;
import se.samtal.redis.testing.RedisExtension;
import se.samtal.server.auth.ReplayCache;
import se.samtal.server.auth.ReplayCacheContract;

import java.time.Instant;
import java.util.UUID;

/** The replay cache contract against Redis: two nodes' caches are one. */
class RedisReplayCacheIT extends ReplayCacheContract {
    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.standalone();
    private ReplayCache cache;

    @BeforeEach
    void freshCache() {
        var keys = new KeySpace("test-" + UUID.randomUUID());
        var nodeA = new RedisReplayCache(REDIS.client(), keys, clock);
        var nodeB = new RedisReplayCache(REDIS.client(), keys, clock);
        // Every other use goes through the other node: they must still agree.
        cache = new ReplayCache() {
            private boolean flip;

            @Override
            public synchronized boolean firstUse(String tenantId, String tokenId, Instant forgetAfter) {
                flip = !flip;
                return (flip ? nodeA : nodeB).firstUse(tenantId, tokenId, forgetAfter);
            }
        };
    }

    @Override
    protected ReplayCache cache() {
        return cache;
    }
}
