package se.samtal.chat.store.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import se.samtal.chat.store.ChatStoreContract;
import se.samtal.chat.store.ConversationStore;
import se.samtal.chat.store.MessageStore;
import se.samtal.redis.Redis;
import se.samtal.redis.RedisEndpoint;
import se.samtal.redis.testing.RedisClusterServers;

import java.util.UUID;
import java.util.concurrent.Executors;

/**
 * The store contract against a three-shard Redis Cluster: every script keeps to its tenant's hash
 * slot (Redis refuses a script that strays), and the two test tenants land on different shards.
 */
class RedisClusterChatStoreIT extends ChatStoreContract {
    private static RedisClusterServers cluster;
    private static Redis redis;
    private RedisConversationStore conversations;
    private RedisMessageStore messages;

    @BeforeAll
    static void startCluster() {
        cluster = RedisClusterServers.start();
        redis = Redis.connect(RedisEndpoint.parse(cluster.url()), Redis.Options.DEFAULTS);
    }

    @AfterAll
    static void stopCluster() {
        redis.close();
        cluster.close();
    }

    @BeforeEach
    void freshStores() {
        String prefix = "test-" + UUID.randomUUID();
        conversations = new RedisConversationStore(redis, prefix);
        messages = new RedisMessageStore(redis, prefix, Executors.newVirtualThreadPerTaskExecutor());
    }

    @Override
    protected ConversationStore conversations() {
        return conversations;
    }

    @Override
    protected MessageStore messages() {
        return messages;
    }
}
