package se.samtal.chat.store.redis;

import org.junit.jupiter.api.BeforeEach;
import se.samtal.chat.store.ChatStoreContract;
import se.samtal.chat.store.ConversationStore;
import se.samtal.chat.store.MessageStore;
import se.samtal.redis.Redis;

import java.util.UUID;
import java.util.concurrent.Executors;

/** The store contract against the Redis stores; each test has keys of its own. Subclasses say which Redis. */
abstract class ChatStoresOnRedis extends ChatStoreContract {
    protected String prefix;
    protected RedisConversationStore conversations;
    protected RedisMessageStore messages;

    protected abstract Redis redis();

    @BeforeEach
    void freshStores() {
        prefix = "test-" + UUID.randomUUID();
        conversations = new RedisConversationStore(redis(), prefix);
        messages = new RedisMessageStore(redis(), prefix, Executors.newVirtualThreadPerTaskExecutor());
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
