package se.samtal.server.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.params.SetParams;
import se.samtal.chat.store.redis.RedisConversationStore;
import se.samtal.chat.store.redis.RedisMessageStore;
import se.samtal.redis.KeySpace;
import se.samtal.redis.Redis;
import se.samtal.server.auth.ReplayCache;
import se.samtal.server.auth.redis.RedisReplayCache;
import se.samtal.server.booking.BookingStore;
import se.samtal.server.booking.redis.RedisBookingStore;
import se.samtal.server.chat.ChatStorage;
import se.samtal.chat.live.redis.RedisChatBus;
import se.samtal.server.config.ChatConfig;
import se.samtal.server.config.RedisConfig;
import se.samtal.server.gateway.RateLimiter;
import se.samtal.server.gateway.redis.RedisRateLimiter;
import se.samtal.server.metrics.SamtalMetrics;
import se.samtal.signalling.live.LiveSessions;
import se.samtal.signalling.live.SessionSpace;
import se.samtal.signalling.live.redis.ClusterFeeds;
import se.samtal.signalling.live.redis.LiveKeys;
import se.samtal.signalling.live.redis.RedisSessionSpace;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Cluster mode put together: one Redis for everything shared, and this node's part in it — the
 * Redis implementation of each port (bookings, single-use tokens, chat stores and limits, live
 * sessions), the bus every node listens to, and the heartbeat that notices lost nodes. Built
 * before the rest of the server (which takes its ports), started once the rest exists.
 */
public final class Cluster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Cluster.class);
    /** Sessions this node has had nobody in for a while are forgotten this often. */
    private static final int SWEEP_EVERY_BEATS = 10;

    private final String node;
    private final Redis redis;
    private final KeySpace keys;
    private final LiveKeys liveKeys;
    private final List<String> tenants;
    private final Clock clock;
    private final ScheduledExecutorService timers;
    private final Executor blocking;
    private final ClusterFeeds feeds;
    private final RedisSessionSpace space;
    private final ClusterNodes nodes;
    private final RedisChatBus chatBus;
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final ScheduledExecutorService heartbeatThread = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("samtal-cluster-heartbeat").daemon().factory());
    private ClusterBus bus;
    private ScheduledFuture<?> heartbeat;
    private long beats;

    private Cluster(String node, RedisConfig config, List<String> tenants, int replayEvents, Clock clock,
                    ScheduledExecutorService timers, Executor blocking) {
        this.node = node;
        this.tenants = List.copyOf(tenants);
        this.clock = clock;
        this.timers = timers;
        this.blocking = blocking;
        this.redis = Redis.connect(config.endpoint(), new Redis.Options(config.timeout(), config.poolSize(), "samtal-" + node));
        this.keys = new KeySpace(config.keyPrefix());
        this.liveKeys = new LiveKeys(keys);
        this.nodes = new ClusterNodes(node, redis, keys, config.nodeTimeout(), System::nanoTime, blocking);
        this.feeds = new ClusterFeeds(node, redis, liveKeys, blocking);
        this.space = new RedisSessionSpace(node, redis, liveKeys, replayEvents, feeds, tenants, clock, timers, blocking,
                nodes::joining);
        this.chatBus = new RedisChatBus(node, redis, keys, blocking);
    }

    /** Connects to Redis (a node starts while a standalone Redis is down, and gets ready once it is back). */
    public static Cluster connect(String node, RedisConfig config, List<String> tenants, int replayEvents, Clock clock,
                                  ScheduledExecutorService timers, Executor blocking) {
        log.atInfo().setMessage("Cluster mode").addKeyValue("node", node).addKeyValue("redis", config.endpoint().describe()).log();
        return new Cluster(node, config, tenants, replayEvents, clock, timers, blocking);
    }

    public String node() {
        return node;
    }

    public BookingStore bookings() {
        return new RedisBookingStore(redis, keys);
    }

    /** The visit logs of sessions (follow-up). */
    public se.samtal.server.record.VisitLog visitLog() {
        return new se.samtal.server.record.redis.RedisVisitLog(redis, keys);
    }

    /** The activity of care conversations that reports count (follow-up). */
    public se.samtal.server.report.ChatActivityLog chatActivityLog() {
        return new se.samtal.server.report.redis.RedisChatActivityLog(redis, keys);
    }

    /** Drop-in conversations' own facts (entry, pseudonymous ref, return secrets' HMACs). */
    public se.samtal.server.dropin.DropInStore dropIns() {
        return new se.samtal.server.dropin.redis.RedisDropInStore(redis, keys);
    }

    /** Whose inbox is open, across the nodes. */
    public se.samtal.server.inbox.InboxSightings inboxSightings() {
        return new se.samtal.server.inbox.redis.RedisInboxSightings(redis, keys);
    }

    public ReplayCache replayCache() {
        return new RedisReplayCache(redis, keys, clock);
    }

    public SessionSpace sessions() {
        return space;
    }

    /** The webhook outbox every node claims from. */
    public se.samtal.server.webhook.WebhookOutbox webhookOutbox() {
        return new se.samtal.server.webhook.redis.RedisWebhookOutbox(redis, keys, tenants);
    }

    /** Chat in Redis: stores, the bus, and limits counted across the cluster ({@code secret} keys the person part of their names). */
    public ChatStorage chatStorage(ChatConfig config, byte[] secret) {
        var send = new RedisRateLimiter(redis, keys, "chat-send", config.messagesPerMinute() / 60.0, config.messageBurst(), secret);
        var typing = new RedisRateLimiter(redis, keys, "chat-typing", 1_000_000_000.0 / config.typingInterval().toNanos(), 1,
                secret);
        return new ChatStorage(new RedisConversationStore(redis, keys.prefix()), new RedisMessageStore(redis, keys.prefix(), blocking),
                chatBus, send::tryAcquire, typing::tryAcquire, this::isHealthy, () -> purgeTurn(config.purgeInterval()), () -> { });
    }

    /**
     * A token bucket per key, counted across the cluster in Redis ({@code name} tells limits apart;
     * keys are {@code <word>\0<rest>}, the rest HMACed with {@code secret} in the key's name).
     * Blocks: off event loops only.
     */
    public RateLimiter rateLimiter(String name, double ratePerSecond, int burst, byte[] secret) {
        return new RedisRateLimiter(redis, keys, name, ratePerSecond, burst, secret);
    }

    /** Whether this node may run the retention purge now: one node per interval does. */
    private boolean purgeTurn(Duration interval) {
        return "OK".equals(redis.commands().set(keys.nodes("purging"), node,
                SetParams.setParams().nx().px(Math.max(1000, interval.toMillis() / 2))));
    }

    /**
     * Starts listening and beating, once the rest of the server exists.
     *
     * @param reconnectAll tells every client of this node to reconnect (when the others took this node for gone)
     */
    public void start(LiveSessions liveSessions, se.samtal.chat.live.ChatHub chatHub, Runnable reconnectAll,
                      SamtalMetrics metrics) {
        metrics.gauge("samtal_cluster_nodes", "Nodes of the cluster this node heard beating at its last heartbeat (itself included).",
                nodes::known);
        metrics.gauge("samtal_cluster_ready", "1 while this node reaches Redis and listens to the cluster's bus, else 0.",
                () -> isHealthy() ? 1 : 0);
        chatBus.deliverTo(chatHub);
        feeds.onLostLinks(liveSessions::linkLost);
        var channels = new LinkedHashMap<String, String>();
        tenants.forEach(tenant -> channels.put(tenant, liveKeys.bus(tenant)));
        bus = new ClusterBus(redis, channels, feeds::received, chatBus, tenant -> {
            feeds.caughtUp(tenant);
            chatHub.caughtUp();
        });
        bus.start();
        var losses = new ClusterNodes.Losses() {
            @Override
            public void sessionOfLostNode(se.samtal.signalling.live.SessionKey session, String lost) {
                liveSessions.nodeLost(session, lost);
            }

            @Override
            public void nodeLost(String lost) {
                chatBus.forgetNode(lost);
            }

            @Override
            public void thisNodeWasTakenForGone() {
                reconnectAll.run();
            }
        };
        // Beats on a platform thread of their own: virtual threads busy with load, or the timers'
        // thread busy with other work, must not make this node miss its beats and look dead.
        long every = ClusterNodes.BEAT_EVERY.toMillis();
        heartbeat = heartbeatThread.scheduleWithFixedDelay(() -> beat(losses), 0, every, TimeUnit.MILLISECONDS);
    }

    private void beat(ClusterNodes.Losses losses) {
        try {
            nodes.beat((n, failure) -> log.atDebug().setMessage("Heartbeat failed").addKeyValue("reason", failure.getMessage()).log(),
                    losses);
        } catch (RuntimeException e) {
            log.atWarn().setMessage("Taking over for a lost node failed; the next heartbeat tries again").setCause(e).log();
        }
        if (++beats % SWEEP_EVERY_BEATS == 0 && sweeping.compareAndSet(false, true)) {
            blocking.execute(() -> {
                try {
                    feeds.sweep().forEach(nodes::left);
                } catch (RuntimeException e) {
                    log.atDebug().setMessage("Sweeping idle sessions failed").addKeyValue("reason", e.getMessage()).log();
                } finally {
                    sweeping.set(false);
                }
            });
        }
    }

    /** Ready: Redis answers and the bus is subscribed. */
    public boolean isHealthy() {
        return redis.ping() && bus != null && bus.isUp();
    }

    @Override
    public void close() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        heartbeatThread.shutdownNow();
        nodes.close();
        if (bus != null) {
            bus.close();
        }
        space.close();
        redis.close();
    }
}
