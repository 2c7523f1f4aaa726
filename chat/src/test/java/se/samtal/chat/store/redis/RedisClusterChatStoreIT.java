package se.samtal.chat.store.redis;

import org.junit.jupiter.api.extension.RegisterExtension;
import se.samtal.redis.Redis;
import se.samtal.redis.testing.RedisExtension;

/**
 * The store contract against a three-shard Redis Cluster: every script keeps to its tenant's hash
 * slot (Redis refuses a script that strays), and the two test tenants land on different shards.
 */
class RedisClusterChatStoreIT extends ChatStoresOnRedis {
    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.cluster();

    @Override
    protected Redis redis() {
        return REDIS.client();
    }
}
