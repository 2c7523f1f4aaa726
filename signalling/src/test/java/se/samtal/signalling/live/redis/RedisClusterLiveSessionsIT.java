package se.samtal.signalling.live.redis;

import org.junit.jupiter.api.extension.RegisterExtension;
import se.samtal.redis.Redis;
import se.samtal.redis.testing.RedisExtension;

/**
 * The live-sessions contract with three nodes on a three-shard Redis Cluster: each change's
 * script keeps to its tenant's hash slot, and each node hears the tenant's shard channel from
 * the shard that holds it.
 */
class RedisClusterLiveSessionsIT extends LiveSessionsOnRedis {
    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.cluster();

    @Override
    protected Redis redis() {
        return REDIS.client();
    }
}
