package se.samtal.signalling.live.redis;

import org.junit.jupiter.api.extension.RegisterExtension;
import se.samtal.redis.Redis;
import se.samtal.redis.testing.RedisExtension;

/** The live-sessions contract with three nodes sharing one test-started redis-server. */
class RedisLiveSessionsIT extends LiveSessionsOnRedis {
    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.standalone();

    @Override
    protected Redis redis() {
        return REDIS.client();
    }
}
