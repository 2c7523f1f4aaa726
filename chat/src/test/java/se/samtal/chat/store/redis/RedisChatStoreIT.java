package se.samtal.chat.store.redis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.samtal.chat.message.Message;
import se.samtal.chat.store.Appended;
import se.samtal.redis.Redis;
import se.samtal.redis.testing.RedisExtension;

import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samtal.chat.store.ChatStoreFixtures.T0;
import static se.samtal.chat.store.ChatStoreFixtures.TENANT;
import static se.samtal.chat.store.ChatStoreFixtures.append;
import static se.samtal.chat.store.ChatStoreFixtures.createCare;

/** The store contract against the Redis stores, on a test-started redis-server; and two nodes writing to one conversation. */
class RedisChatStoreIT extends ChatStoresOnRedis {
    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.standalone();

    @Override
    protected Redis redis() {
        return REDIS.client();
    }

    @Test
    void twoNodesWritingToOneConversationShareOneOrderWithoutGapsOrRepeats() {
        var otherNode = new RedisMessageStore(redis(), prefix, Executors.newVirtualThreadPerTaskExecutor());
        var c = createCare(conversations, TENANT);
        var futures = new ArrayList<CompletableFuture<Appended>>();
        for (int i = 0; i < 60; i++) {
            var store = i % 2 == 0 ? messages : otherNode;
            futures.add(store.append(append(c, i % 3 == 0 ? "t-1" : "p-1", "n" + i, "text " + i, T0)));
        }
        futures.add(otherNode.append(append(c, "t-1", "n0", "text 0", T0))); // a resend through the other node
        var stored = futures.stream().map(CompletableFuture::join).toList();

        assertThat(stored.subList(0, 60)).extracting(a -> a.message().seq()).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 60).boxed().toList());
        assertThat(stored.getLast().duplicate()).isTrue();
        assertThat(stored.getLast().message()).isEqualTo(stored.getFirst().message());
        assertThat(messages.export(TENANT, c.id(), 0, 100)).extracting(Message::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 60).boxed().toList());
    }
}
