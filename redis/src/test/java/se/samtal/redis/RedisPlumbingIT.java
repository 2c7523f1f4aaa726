package se.samtal.redis;

import org.junit.jupiter.api.Test;
import se.samtal.redis.testing.RedisClusterServers;
import se.samtal.redis.testing.RedisServer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The plumbing against real servers: a script that writes and publishes to a shard channel in
 * one atomic step reaches a subscriber, on one server and on a three-shard cluster; after the
 * server is killed and started again, the subscription comes back by itself and says so.
 */
class RedisPlumbingIT {
    private static final RedisScript WRITE_AND_PUBLISH = RedisScript.of("write-and-publish", """
            redis.call('RPUSH', KEYS[1], ARGV[2])
            return redis.call('SPUBLISH', ARGV[1], ARGV[2])
            """);

    @Test
    void aScriptPublishesToSubscribersOfItsShardChannelAndTheSubscriptionOutlivesARestart() {
        try (var server = RedisServer.startDurable();
             var redis = Redis.connect(RedisEndpoint.parse(server.url()), Redis.Options.DEFAULTS)) {
            var heard = new CopyOnWriteArrayList<String>();
            var subscribed = new AtomicInteger();
            List<String> channels = List.of("t:{a}:bus", "t:{b}:bus");
            try (var subscription = ShardedSubscription.start(redis, channels, listener(heard, subscribed), Duration.ofMillis(400))) {
                await().until(subscription::isUp);
                publish(redis, "{a}", "hello a");
                publish(redis, "{b}", "hello b");
                await().until(() -> heard.size() == 2);
                assertThat(heard).containsExactly("t:{a}:bus hello a", "t:{b}:bus hello b");

                server.kill();
                await().until(() -> !subscription.isUp());
                assertThat(redis.ping()).isFalse();
                server.restart();
                await().atMost(Duration.ofSeconds(15)).until(subscription::isUp);
                assertThat(subscribed.get()).isEqualTo(2);
                assertThat(redis.ping()).isTrue();
                publish(redis, "{a}", "again");
                await().until(() -> heard.contains("t:{a}:bus again"));
                assertThat(redis.commands().lrange("t:{a}:log", 0, -1)).containsExactly("hello a", "again");
            }
        }
    }

    @Test
    void onAClusterEachShardChannelIsHeardFromTheShardThatHoldsIt() {
        try (var cluster = RedisClusterServers.start();
             var redis = Redis.connect(RedisEndpoint.parse(cluster.url()), Redis.Options.DEFAULTS)) {
            var heard = new CopyOnWriteArrayList<String>();
            // Hash tags chosen to fall on different shards of three.
            var tags = List.of("{a}", "{b}", "{c}", "{d}", "{e}", "{f}");
            var channels = tags.stream().map(tag -> "t:" + tag + ":bus").toList();
            try (var subscription = ShardedSubscription.start(redis, channels, listener(heard, new AtomicInteger()),
                    Duration.ofMillis(400))) {
                await().until(subscription::isUp);
                tags.forEach(tag -> publish(redis, tag, "to " + tag));
                await().until(() -> heard.size() == tags.size());
                assertThat(heard).containsExactlyInAnyOrderElementsOf(tags.stream().map(t -> "t:" + t + ":bus to " + t).toList());
            }
        }
    }

    private static void publish(Redis redis, String tag, String message) {
        WRITE_AND_PUBLISH.run(redis.commands(), List.of("t:" + tag + ":log"), List.of("t:" + tag + ":bus", message));
    }

    private static ShardedSubscription.Listener listener(List<String> heard, AtomicInteger subscribed) {
        return new ShardedSubscription.Listener() {
            @Override
            public void message(String channel, String message) {
                heard.add(channel + " " + message);
            }

            @Override
            public void subscribed(List<String> channels) {
                subscribed.incrementAndGet();
            }
        };
    }
}
