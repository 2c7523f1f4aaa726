package se.samtal.redis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisShardedPubSub;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A subscription to a fixed set of shard channels ({@code SSUBSCRIBE}) that outlives lost
 * connections: each group of channels that one server holds gets a connection of its own and a
 * thread that reads it; when the connection breaks, the thread waits a little (longer each time,
 * at most {@code maxBackoff}) and subscribes again, then tells the listener, which must assume
 * it missed whatever was published meanwhile (pub/sub keeps nothing).
 *
 * <p>With one server (standalone, Sentinel) all channels share one connection; with Redis
 * Cluster each channel gets its own, to the shard that holds its slot.
 */
public final class ShardedSubscription implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ShardedSubscription.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

    /** What hears the subscription. Called on the subscription's threads: return quickly. */
    public interface Listener {
        void message(String channel, String message);

        /** {@code channels} are subscribed (again): anything published to them before now may have been missed. */
        void subscribed(List<String> channels);
    }

    private final Redis redis;
    private final Listener listener;
    private final Duration maxBackoff;
    private final List<Reader> readers = new ArrayList<>();
    private final Set<Reader> up = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    /** Whether the log said that messages are dropped because the node is stopping. */
    private volatile boolean saidStopping;

    private ShardedSubscription(Redis redis, Listener listener, Duration maxBackoff) {
        this.redis = redis;
        this.listener = listener;
        this.maxBackoff = maxBackoff;
    }

    /** Subscribes to {@code channels} and keeps the subscription up until {@link #close()}. */
    public static ShardedSubscription start(Redis redis, List<String> channels, Listener listener, Duration maxBackoff) {
        var subscription = new ShardedSubscription(redis, listener, maxBackoff);
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (String channel : channels) {
            groups.computeIfAbsent(redis.isCluster() ? channel : "all", k -> new ArrayList<>()).add(channel);
        }
        int n = 0;
        for (List<String> group : groups.values()) {
            var reader = subscription.new Reader(List.copyOf(group));
            subscription.readers.add(reader);
            Thread.ofPlatform().name("samtal-redis-subscriber-" + n++).daemon().start(reader::run);
        }
        return subscription;
    }

    /** Whether every channel is subscribed now. */
    public boolean isUp() {
        return !closed && up.size() == readers.size();
    }

    @Override
    public void close() {
        closed = true;
        for (Reader reader : readers) {
            reader.stop();
        }
    }

    /** One connection and the thread that reads it. */
    private final class Reader {
        private final List<String> channels;
        private volatile Connection connection;
        private volatile PubSub pubSub;
        /** Whether this outage was already reported (further attempts are logged at DEBUG). */
        private volatile boolean quiet;

        Reader(List<String> channels) {
            this.channels = channels;
        }

        void run() {
            long backoff = FIRST_BACKOFF.toMillis();
            while (!closed) {
                boolean wasUp = false;
                try {
                    connection = redis.subscriberConnection(channels.get(0));
                    pubSub = new PubSub(this);
                    pubSub.proceed(connection, channels.toArray(String[]::new));
                } catch (JedisException | IllegalStateException e) {
                    if (!closed) {
                        // Once per outage at WARN; each further attempt at DEBUG.
                        log.atLevel(quiet ? Level.DEBUG : Level.WARN)
                                .setMessage("Redis subscription lost; subscribing again").addKeyValue("channels", channels.size())
                                .addKeyValue("reason", e.getMessage()).log();
                        quiet = true;
                    }
                } finally {
                    wasUp = up.remove(this);
                    closeConnection();
                }
                if (closed) {
                    return;
                }
                backoff = wasUp ? FIRST_BACKOFF.toMillis() : Math.min(maxBackoff.toMillis(), backoff * 2);
                redis.refreshTopology();
                sleep(backoff);
            }
        }

        void confirmed(int subscribedChannels) {
            if (subscribedChannels == channels.size() && up.add(this)) {
                quiet = false;
                log.atInfo().setMessage("Redis subscription up").addKeyValue("channels", channels.size()).log();
                listener.subscribed(channels);
            }
        }

        void stop() {
            var p = pubSub;
            if (p != null && p.isSubscribed()) {
                try {
                    p.sunsubscribe();
                } catch (JedisException ignored) {
                    // the connection is going anyway
                }
            }
            closeConnection();
        }

        private void closeConnection() {
            var c = connection;
            if (c != null) {
                try {
                    c.close();
                } catch (JedisException ignored) {
                    // already broken
                }
            }
        }

        private void sleep(long millis) {
            try {
                TimeUnit.MILLISECONDS.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closed = true;
            }
        }
    }

    private final class PubSub extends JedisShardedPubSub {
        private final Reader reader;

        PubSub(Reader reader) {
            this.reader = reader;
        }

        @Override
        public void onSMessage(String channel, String message) {
            try {
                listener.message(channel, message);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // The node is stopping: what it would hand on has nowhere to run. Said once, not per message.
                if (!saidStopping) {
                    saidStopping = true;
                    log.atInfo().setMessage("Messages of a subscription are dropped: the node is stopping").log();
                }
            } catch (RuntimeException e) {
                log.atError().setMessage("A subscription's listener failed").setCause(e).log();
            }
        }

        @Override
        public void onSSubscribe(String channel, int subscribedChannels) {
            reader.confirmed(subscribedChannels);
        }
    }
}
