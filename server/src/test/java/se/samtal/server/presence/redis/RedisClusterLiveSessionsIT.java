package se.samtal.server.presence.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import se.samtal.redis.Redis;
import se.samtal.redis.RedisEndpoint;
import se.samtal.redis.testing.RedisClusterServers;

/**
 * The live-sessions contract with three nodes on a three-shard Redis Cluster: each change's
 * script keeps to its tenant's hash slot, and each node hears the tenant's shard channel from
 * the shard that holds it.
 */
class RedisClusterLiveSessionsIT extends RedisLiveSessionsIT {
    private static RedisClusterServers cluster;

    @BeforeAll
    static void startRedis() {
        cluster = RedisClusterServers.start();
        redis = Redis.connect(RedisEndpoint.parse(cluster.url()), Redis.Options.DEFAULTS);
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
        cluster.close();
    }
}
