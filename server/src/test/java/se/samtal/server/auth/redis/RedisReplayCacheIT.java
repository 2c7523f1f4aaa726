package se.samtal.server.auth.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import se.samtal.redis.KeySpace;
import se.samtal.redis.Redis;
import se.samtal.redis.RedisEndpoint;
import se.samtal.redis.testing.RedisServer;
import se.samtal.server.auth.ReplayCache;
import se.samtal.server.auth.ReplayCacheContract;

import java.util.UUID;

/** The replay cache contract against Redis: two nodes' caches are one. */
class RedisReplayCacheIT extends ReplayCacheContract {
    private static RedisServer server;
    private static Redis redis;
    private ReplayCache cache;

    @BeforeAll
    static void startRedis() {
        server = RedisServer.start();
        redis = Redis.connect(RedisEndpoint.parse(server.url()), Redis.Options.DEFAULTS);
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
        server.close();
    }

    @BeforeEach
    void freshCache() {
        var keys = new KeySpace("test-" + UUID.randomUUID());
        var nodeA = new RedisReplayCache(redis, keys);
        var nodeB = new RedisReplayCache(redis, keys);
        // Every other use goes through the other node: they must still agree.
        cache = new ReplayCache() {
            private boolean flip;

            @Override
            public synchronized boolean firstUse(String tenantId, String tokenId, java.time.Instant forgetAfter) {
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
