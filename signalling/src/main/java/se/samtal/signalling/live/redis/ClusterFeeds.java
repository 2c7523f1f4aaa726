package se.samtal.signalling.live.redis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.redis.Redis;
import se.samtal.signalling.feed.ClientLink;
import se.samtal.signalling.feed.Output;
import se.samtal.signalling.feed.SessionFeed;
import se.samtal.signalling.live.SessionKey;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;

/**
 * This node's share of the live sessions in cluster mode: a {@link SessionFeed} per session it
 * has connections of, each with a lane that hands the session's outputs on one after another:
 * this node's own changes at once, other nodes' as they come over the bus. Events reach
 * connections in the order of the session's stream, each once: a gap (a bus message that
 * overtook another, or was lost while the subscription was down) is filled from the stream in
 * Redis before what follows it.
 */
public final class ClusterFeeds {
    private static final Logger log = LoggerFactory.getLogger(ClusterFeeds.class);
    /** Recent events each feed keeps for connections that attach late. */
    private static final int KEEP = 256;

    private final String node;
    private final Redis redis;
    private final LiveKeys keys;
    private final Executor blocking;
    private final SessionOutputs codec = new SessionOutputs();
    private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();
    private volatile BiFunction<SessionKey, Map<String, ClientLink>, RedisSessionSpace.Reconciled> reconcile =
            (key, links) -> new RedisSessionSpace.Reconciled(List.of(), List.of());

    /** A feed, its session, and the lane its work goes through. */
    private final class Lane {
        final SessionKey key;
        final SessionFeed feed;
        final SerialExecutor executor = new SerialExecutor(blocking);
        int pending;
        boolean retired;

        Lane(SessionKey key, SessionFeed feed) {
            this.key = key;
            this.feed = feed;
        }

        /** Queues work; false if the lane was retired (then a new one must be made). */
        synchronized boolean submit(Runnable work) {
            if (retired) {
                return false;
            }
            pending++;
            executor.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    log.atError().setMessage("Delivering a session's changes failed").addKeyValue("tenant", key.tenantId())
                            .addKeyValue("session", key.sessionId()).setCause(e).log();
                } finally {
                    synchronized (this) {
                        pending--;
                    }
                }
            });
            return true;
        }

        /** Retires the lane if nothing is queued and nobody is attached. */
        synchronized boolean retireIfIdle() {
            if (!retired && pending == 0 && feed.isEmpty()) {
                retired = true;
            }
            return retired;
        }
    }

    public ClusterFeeds(String node, Redis redis, LiveKeys keys, Executor blocking) {
        this.node = node;
        this.redis = redis;
        this.keys = keys;
        this.blocking = blocking;
    }

    /** A connection of this node that closed while its loss could not be recorded (cluster: Redis was down). */
    @FunctionalInterface
    public interface LostLinks {
        void lost(SessionKey key, String participantId, ClientLink link);
    }

    private volatile LostLinks lostLinks = (key, participantId, link) -> { };

    /** Who records connections found closed after a gap (set once, when the rest of the server exists). */
    public void onLostLinks(LostLinks lost) {
        this.lostLinks = lost;
    }

    /** What checks this node's connections against the session's state after a gap (set once). */
    void reconcileWith(BiFunction<SessionKey, Map<String, ClientLink>, RedisSessionSpace.Reconciled> reconciler) {
        this.reconcile = reconciler;
    }

    /** This node's own committed change: carried out here at once (in order with the bus). */
    void committed(SessionKey key, String streamId, long seqBefore, List<Output> outputs) {
        boolean attaches = outputs.stream().anyMatch(Output.Attach.class::isInstance);
        while (true) {
            Lane lane = attaches ? lanes.computeIfAbsent(streamId, id -> new Lane(key, new SessionFeed(node, id, seqBefore, KEEP)))
                    : lanes.get(streamId);
            if (lane == null || lane.submit(() -> process(lane, outputs))) {
                return;
            }
            lanes.remove(streamId, lane);
        }
    }

    /** A change another node made (a message from the bus). */
    public void received(String message) {
        var decoded = codec.decode(message);
        if (decoded.origin().equals(node)) {
            return; // carried out when it was committed
        }
        Lane lane = lanes.get(decoded.streamId());
        if (lane != null) {
            lane.submit(() -> process(lane, decoded.outputs()));
        }
    }

    private void process(Lane lane, List<Output> outputs) {
        for (Output output : outputs) {
            if (output instanceof Output.Event e && e.seq() > lane.feed.delivered() + 1) {
                lane.feed.deliver(List.copyOf(fetch(lane.key, lane.feed.delivered(), e.seq() - 1)));
            }
            if (output instanceof Output.Attach a) {
                if (!lane.feed.attach(a, List.of())) {
                    lane.feed.attach(a, fetch(lane.key, a.afterSeq(), lane.feed.delivered()));
                }
            } else {
                lane.feed.deliver(List.of(output));
            }
        }
    }

    /** Events after {@code afterSeq} up to {@code throughSeq} (null: the newest) as the stream keeps them (fewer if some are gone). */
    List<Output.Event> fetch(SessionKey key, long afterSeq, Long throughSeq) {
        var events = new ArrayList<Output.Event>();
        for (var entry : redis.commands().xrange(keys.stream(key), (afterSeq + 1) + "-0",
                throughSeq == null ? "+" : throughSeq + "-0")) {
            events.add(SessionOutputs.event(entry));
        }
        return events;
    }

    /**
     * The bus of {@code tenantId} was (re)subscribed: whatever happened meanwhile is taken from
     * the streams, and each connection is checked against its session's state.
     */
    public void caughtUp(String tenantId) {
        lanes.values().stream().filter(l -> l.key.tenantId().equals(tenantId)).forEach(lane -> lane.submit(() -> {
            var missed = fetch(lane.key, lane.feed.delivered(), null);
            lane.feed.deliver(List.copyOf(missed));
            var found = reconcile.apply(lane.key, lane.feed.attached());
            for (var closing : found.closes()) {
                lane.feed.detach(closing.link().connectionId());
                closing.link().close(closing.code(), "reconnect");
            }
            found.sends().forEach(sending -> sending.link().send(sending.fact()));
            lane.feed.attached().forEach((participantId, link) -> {
                if (!link.isOpen()) {
                    lostLinks.lost(lane.key, participantId, link);
                }
            });
        }));
    }

    /** Forgets feeds with nobody attached and nothing queued; returns the sessions this node no longer has anyone in. */
    public List<SessionKey> sweep() {
        var gone = new ArrayList<SessionKey>();
        lanes.forEach((streamId, lane) -> {
            if (lane.retireIfIdle() && lanes.remove(streamId, lane)) {
                gone.add(lane.key);
            }
        });
        return gone;
    }

    /** This node can no longer speak for its connections (it was taken for gone): close them, so clients resume. */
    void closeAll(int code, String reason) {
        lanes.values().forEach(lane -> lane.submit(() -> lane.feed.closeAll(code, reason)));
    }

    /** Sessions with someone connected here, by tenant. */
    Map<String, Integer> activeByTenant() {
        var counts = new TreeMap<String, Integer>();
        lanes.values().stream().filter(l -> !l.feed.isEmpty()).forEach(l -> counts.merge(l.key.tenantId(), 1, Integer::sum));
        return counts;
    }
}
