package se.samtal.server.cluster;

import se.samtal.redis.Redis;
import se.samtal.redis.ShardedSubscription;
import se.samtal.chat.live.redis.RedisChatBus;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * This node's ear on the cluster: a sharded subscription to every tenant's bus channel. Session
 * changes ({@code s|…}) go to the node's live-session feeds, chat events ({@code c|…}) to its
 * chat hub. Each time a channel is subscribed again after a lost connection, what was published
 * meanwhile is taken from the streams and stores instead.
 */
final class ClusterBus implements AutoCloseable {
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    private final Redis redis;
    private final Map<String, String> tenantByChannel;
    private final Consumer<String> sessions;
    private final RedisChatBus chat;
    private final Consumer<String> caughtUp;
    private ShardedSubscription subscription;

    /**
     * @param channels the bus channel of each tenant, by tenant id
     * @param sessions hears the session changes
     * @param caughtUp told which tenant's channel was (re)subscribed
     */
    ClusterBus(Redis redis, Map<String, String> channels, Consumer<String> sessions, RedisChatBus chat, Consumer<String> caughtUp) {
        this.redis = redis;
        this.tenantByChannel = channels.entrySet().stream().collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey));
        this.sessions = sessions;
        this.chat = chat;
        this.caughtUp = caughtUp;
    }

    void start() {
        subscription = ShardedSubscription.start(redis, List.copyOf(tenantByChannel.keySet()), new ShardedSubscription.Listener() {
            @Override
            public void message(String channel, String message) {
                if (message.startsWith("s|")) {
                    sessions.accept(message);
                } else if (message.startsWith("c|")) {
                    chat.received(tenantByChannel.get(channel), message);
                }
            }

            @Override
            public void subscribed(List<String> channels) {
                channels.forEach(channel -> caughtUp.accept(tenantByChannel.get(channel)));
            }
        }, MAX_BACKOFF);
    }

    boolean isUp() {
        return subscription != null && subscription.isUp();
    }

    @Override
    public void close() {
        if (subscription != null) {
            subscription.close();
        }
    }
}
