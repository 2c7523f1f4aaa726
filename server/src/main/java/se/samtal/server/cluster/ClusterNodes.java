package se.samtal.server.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;
import se.samtal.redis.KeySpace;
import se.samtal.redis.Redis;
import se.samtal.redis.RedisScript;
import se.samtal.signalling.live.SessionKey;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * The nodes of the cluster, as each sees the others: every node beats (a count in one hash) each
 * second, and watches the others' counts; one that has not moved for {@code redis.nodeTimeout}
 * of this node's own uninterrupted watching is gone. One survivor takes over for it (a lock per
 * dead node): every participant whose connection was there turns "reconnecting", keeping their
 * place for the reconnect grace period, and what it followed is forgotten. A node that finds
 * itself taken for gone (it was cut off from Redis too long) has lost its participants' places:
 * it tells its clients to reconnect. Watching restarts whenever this node's own Redis calls fail,
 * so a Redis restart never makes nodes take each other for gone.
 *
 * <p>The beat goes over a connection of its own, never through the pool the rest of the node
 * shares: under load the pool can be empty for seconds ("Could not get a resource from the
 * pool"), and a node that cannot beat for that reason is alive, not gone. {@code Cluster} runs the
 * beats on a thread of their own for the same reason.
 */
public final class ClusterNodes {
    private static final Logger log = LoggerFactory.getLogger(ClusterNodes.class);
    private static final RedisScript BEAT = RedisScript.load(ClusterNodes.class, "beat.lua");
    static final Duration BEAT_EVERY = Duration.ofSeconds(1);

    /** What the cluster does when a node is gone, and when this node was taken for gone. */
    public interface Losses {
        /** {@code lost} is gone; its participants in {@code session} dropped. */
        void sessionOfLostNode(SessionKey session, String lost);

        /** {@code lost} is gone: after its sessions, anything else it held (chat follows). */
        void nodeLost(String lost);

        /** This node was taken for gone by the others. */
        void thisNodeWasTakenForGone();
    }

    private final String node;
    private final Redis redis;
    private final KeySpace keys;
    private final Duration timeout;
    private final LongSupplier nanoTime;
    private final Map<String, Seen> seen = new HashMap<>();
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private final Executor takeovers;
    private boolean beaten;
    private volatile int known;
    /** The heartbeat's own connection; made again after a failure. */
    private UnifiedJedis beats;

    /** A node's last count and when (by this node's clock) it last moved. */
    private record Seen(long count, long sinceNanos) {
    }

    public ClusterNodes(String node, Redis redis, KeySpace keys, Duration timeout, LongSupplier nanoTime) {
        this(node, redis, keys, timeout, nanoTime, Runnable::run);
    }

    /**
     * @param takeovers runs the taking over for a lost node: never the heartbeat's thread, or a
     *                  long takeover (many sessions) would stop this node's beats and make it look
     *                  lost in turn
     */
    public ClusterNodes(String node, Redis redis, KeySpace keys, Duration timeout, LongSupplier nanoTime, Executor takeovers) {
        this.takeovers = takeovers;
        this.node = node;
        this.redis = redis;
        this.keys = keys;
        this.timeout = timeout;
        this.nanoTime = nanoTime;
    }

    public String node() {
        return node;
    }

    /** The nodes this node heard beating at its last heartbeat, itself included (for metrics). */
    public int known() {
        return known;
    }

    /** Notes that this node has someone in {@code session} (before the join is made), so survivors can find them. */
    public void joining(SessionKey session) {
        String entry = session.tenantId() + "|" + session.sessionId();
        if (!registered.contains(entry)) {
            redis.commands().sadd(keys.nodes("sessions:" + node), entry);
            registered.add(entry);
        }
    }

    /** This node no longer has anyone in {@code session}. */
    public void left(SessionKey session) {
        String entry = session.tenantId() + "|" + session.sessionId();
        if (registered.remove(entry)) {
            redis.commands().srem(keys.nodes("sessions:" + node), entry);
        }
    }

    /** One heartbeat: beats, looks at the others, takes over for those gone. Runs on one thread at a time. */
    public synchronized void beat(BiConsumer<String, Throwable> onFailure, Losses losses) {
        List<?> reply;
        try {
            if (beats == null) {
                beats = redis.ownClient(keys.nodes("beats"));
            }
            reply = (List<?>) BEAT.run(beats, List.of(keys.nodes("beats")), List.of(node, beaten ? "1" : "0"));
        } catch (RuntimeException e) {
            seen.clear(); // whatever we saw is stale: start watching afresh once Redis answers
            closeBeats();
            onFailure.accept(node, e);
            return;
        }
        if (beaten && ((Long) reply.get(0)) == 0L) {
            log.atWarn().setMessage("This node was taken for gone; its clients reconnect").addKeyValue("node", node).log();
            beaten = false;
            seen.clear();
            registered.clear();
            losses.thisNodeWasTakenForGone();
            return;
        }
        beaten = true;
        long now = nanoTime.getAsLong();
        var counts = (List<?>) reply.get(1);
        var present = new HashMap<String, Long>();
        for (int i = 0; i + 1 < counts.size(); i += 2) {
            present.put(String.valueOf(counts.get(i)), Long.parseLong(String.valueOf(counts.get(i + 1))));
        }
        seen.keySet().retainAll(present.keySet());
        known = present.size();
        present.forEach((other, count) -> {
            if (other.equals(node)) {
                return;
            }
            Seen before = seen.get(other);
            if (before == null || before.count() != count) {
                seen.put(other, new Seen(count, now));
            } else if (now - before.sinceNanos() >= timeout.toNanos()) {
                takeovers.execute(() -> {
                    try {
                        takeOver(other, losses);
                    } catch (RuntimeException e) {
                        log.atWarn().setMessage("Taking over for a lost node failed; its takeover lock runs out and a node tries again")
                                .addKeyValue("lost", other).setCause(e).log();
                    }
                });
                seen.remove(other);
            }
        });
    }

    private void closeBeats() {
        if (beats != null) {
            try {
                beats.close();
            } catch (RuntimeException ignored) {
                // already broken
            }
            beats = null;
        }
    }

    /** Closes the heartbeat's connection. */
    public synchronized void close() {
        closeBeats();
    }

    private void takeOver(String lost, Losses losses) {
        boolean mine = "OK".equals(redis.commands().set(keys.nodes("taking-over:" + lost), node,
                SetParams.setParams().nx().px(Duration.ofMinutes(1).toMillis())));
        if (!mine) {
            return;
        }
        Set<String> sessions = redis.commands().smembers(keys.nodes("sessions:" + lost));
        log.atWarn().setMessage("A node is gone; its participants reconnect").addKeyValue("lost", lost)
                .addKeyValue("sessions", sessions.size()).addKeyValue("node", node).log();
        for (String entry : sessions) {
            String[] parts = entry.split("\\|", 2);
            try {
                losses.sessionOfLostNode(new SessionKey(parts[0], parts[1]), lost);
            } catch (RuntimeException e) {
                log.atWarn().setMessage("Could not take over a lost node's session").addKeyValue("tenant", parts[0])
                        .addKeyValue("session", parts[1]).setCause(e).log();
            }
        }
        losses.nodeLost(lost);
        redis.commands().del(keys.nodes("sessions:" + lost));
        redis.commands().hdel(keys.nodes("beats"), lost);
    }
}
