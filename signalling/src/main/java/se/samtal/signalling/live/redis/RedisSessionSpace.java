package se.samtal.signalling.live.redis;

import se.samtal.protocol.CloseCodes;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.redis.Redis;
import se.samtal.redis.RedisScript;
import se.samtal.signalling.feed.ClientLink;
import se.samtal.signalling.feed.LinkRef;
import se.samtal.signalling.feed.Output;
import se.samtal.signalling.feed.SessionFact;
import se.samtal.signalling.live.Change;
import se.samtal.signalling.live.Effects;
import se.samtal.signalling.live.LiveSessionContext;
import se.samtal.signalling.live.SessionKey;
import se.samtal.signalling.live.SessionSpace;
import se.samtal.signalling.live.SessionState;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Live sessions of cluster mode. A session's state is kept in Redis as a versioned JSON value;
 * a change reads it (always: a refusal must never come from an old copy), restores the {@link SessionState},
 * runs the step, and commits with one script that checks the version and, in the same atomic
 * step, stores the new state, appends the events to the session's stream, sets and clears
 * timers, and publishes the outputs on the tenant's bus. If another node changed the session
 * first, the script answers with the current state and the step runs again from it. So every
 * node sees every change once, in one order, with one {@code seq}; the {@code Room} of the
 * signalling engine stays the one set of rules.
 */
public final class RedisSessionSpace implements SessionSpace, AutoCloseable {
    private static final RedisScript COMMIT = RedisScript.load(RedisSessionSpace.class, "commit.lua");
    /** How long an ended session's state stays, so that a join racing the end is refused. */
    static final Duration KEEP_ENDED = Duration.ofMinutes(10);
    /** How long a live session's state stays untouched before Redis drops it (no session lasts this long). */
    static final Duration KEEP_LIVE = Duration.ofDays(2);
    private static final int MOST_ATTEMPTS = 64;

    private final String node;
    private final Redis redis;
    private final LiveKeys keys;
    private final int replayEvents;
    private final ClusterFeeds feeds;
    private final SessionTimers timers;
    private final Consumer<SessionKey> joining;
    private final SessionStateCodec codec = new SessionStateCodec();
    private final SessionOutputs outputs = new SessionOutputs();
    private volatile LiveSessionContext context;

    /** A state as Redis has it: its version and JSON (empty: there is none). */
    private record Stored(String version, String json) {
        static final Stored NONE = new Stored("0", "");
    }

    /**
     * @param tenants   whose timers this node looks after (every tenant: all nodes share the configuration)
     * @param scheduler when to look for due timers
     * @param blocking  where timers ring (virtual threads)
     * @param joining   told of each session before someone joins it through this node (so that if
     *                  this node dies, the survivors know where to look for its participants)
     */
    public RedisSessionSpace(String node, Redis redis, LiveKeys keys, int replayEvents, ClusterFeeds feeds,
                             List<String> tenants, Clock clock, ScheduledExecutorService scheduler, Executor blocking,
                             Consumer<SessionKey> joining) {
        this.node = node;
        this.redis = redis;
        this.keys = keys;
        this.replayEvents = replayEvents;
        this.feeds = feeds;
        this.timers = new SessionTimers(redis, keys, tenants, clock, scheduler, blocking);
        this.joining = joining;
        feeds.reconcileWith(this::reconcile);
    }

    @Override
    public void close() {
        timers.close();
    }

    @Override
    public void start(LiveSessionContext sessionContext, TimerListener listener) {
        this.context = sessionContext;
        timers.start(listener);
    }

    @Override
    public <R> R change(SessionKey key, Supplier<SessionState> create, Step<R> step) {
        if (create != null) {
            joining.accept(key);
        }
        Stored stored = load(key);
        for (int attempt = 0; attempt < MOST_ATTEMPTS; attempt++) {
            SessionState state;
            if (stored.json().isEmpty()) {
                if (create == null) {
                    return step.apply(null);
                }
                state = create.get();
            } else {
                state = codec.read(stored.json(), context);
            }
            var effects = new Effects();
            long seqBefore = state.seq();
            Change change = Change.begin(state, effects, (last, current, maySee) -> history(key, last, current, maySee));
            R result;
            try {
                result = step.apply(change);
            } finally {
                change.end();
            }
            String json = codec.write(state);
            if (effects.isEmpty() && json.equals(stored.json())) {
                return result; // it only read
            }
            List<?> reply = commit(key, stored.version(), json, state, effects);
            if (((Long) reply.get(0)) == 0L) {
                stored = new Stored(String.valueOf(reply.get(1)), String.valueOf(reply.get(2)));
                continue; // another node was first: run the step again on what it made
            }
            feeds.committed(key, state.streamId(), seqBefore, effects.outputs());
            effects.afterCommit().forEach(Runnable::run);
            return result;
        }
        throw new SamtalException(ErrorCode.UNAVAILABLE, "The session is too busy right now; try again.");
    }

    private Stored load(SessionKey key) {
        var hash = redis.commands().hmget(keys.state(key), "v", "s");
        return hash.get(0) == null ? Stored.NONE : new Stored(hash.get(0), hash.get(1));
    }

    private List<?> commit(SessionKey key, String version, String json, SessionState state, Effects effects) {
        var args = new ArrayList<String>();
        args.add(version);
        args.add(json);
        args.add(effects.retires() ? "retire" : effects.isOver() ? "over" : "live");
        args.add(String.valueOf(replayEvents));
        args.add(keys.bus(key.tenantId()));
        String message = outputs.encode(node, state.streamId(), effects.outputs());
        args.add(message == null ? "" : message);
        args.add(String.valueOf(KEEP_ENDED.toMillis()));
        args.add(String.valueOf(KEEP_LIVE.toMillis()));
        var events = effects.outputs().stream().filter(Output.Event.class::isInstance).map(Output.Event.class::cast).toList();
        args.add(String.valueOf(events.size()));
        for (Output.Event e : events) {
            args.add(String.valueOf(e.seq()));
            args.add(LiveJson.fact(e.fact()));
            args.add(LiveJson.kindOf(e.fact()));
            args.add(e.privateTo() == null ? "" : e.privateTo());
        }
        args.add(String.valueOf(effects.timers().size()));
        for (Effects.TimerChange timer : effects.timers()) {
            args.add(timer.key().id());
            args.add(timer.due() == null ? "" : String.valueOf(timer.due().toEpochMilli()));
        }
        return (List<?>) COMMIT.run(redis.commands(), List.of(keys.state(key), keys.stream(key), keys.timers(key.tenantId())), args);
    }

    /** The session's kept events after {@code lastSeq} the reader may see, or null if some are no longer kept. */
    private List<SessionFact.Numbered> history(SessionKey key, long lastSeq, long currentSeq, Predicate<String> maySee) {
        if (lastSeq == currentSeq) {
            return List.of();
        }
        if (lastSeq > currentSeq) {
            return null;
        }
        var kept = feeds.fetch(key, lastSeq, currentSeq);
        if (kept.isEmpty() || kept.getFirst().seq() != lastSeq + 1) {
            return null;
        }
        return kept.stream().filter(e -> e.privateTo() == null || maySee.test(e.privateTo())).map(Output.Event::fact).toList();
    }

    @Override
    public <R> Optional<R> read(SessionKey key, Function<SessionState, R> reader) {
        Stored stored = load(key);
        if (stored.json().isEmpty()) {
            return Optional.empty();
        }
        SessionState state = codec.read(stored.json(), context);
        return state.isOver() ? Optional.empty() : Optional.of(reader.apply(state));
    }

    @Override
    public Map<String, Integer> activeByTenant() {
        return feeds.activeByTenant();
    }

    /** Always: every change and read is a round trip to Redis. */
    @Override
    public boolean blocks() {
        return true;
    }

    /**
     * After a gap in what this node heard: each of its connections in {@code key} is checked
     * against the state. One whose place is no longer its own is closed (it resumes, or was
     * replaced); one still in a call is told its call partner again, in case a call change was
     * missed. Runs on the session's lane.
     */
    private Reconciled reconcile(SessionKey key, Map<String, ClientLink> attached) {
        Stored stored = load(key);
        SessionState state = stored.json().isEmpty() ? null : codec.read(stored.json(), context);
        var closes = new ArrayList<Closing>();
        var peers = new ArrayList<Sending>();
        attached.forEach((participantId, link) -> {
            LinkRef holder = state == null ? null : state.linkOf(participantId);
            boolean mine = holder != null && holder.equals(new LinkRef(node, link.connectionId()));
            if (!mine) {
                closes.add(new Closing(link, holder == null ? CloseCodes.GOING_AWAY : CloseCodes.REPLACED));
            } else {
                state.room().call().pairingsOf(participantId).forEach(p -> peers.add(new Sending(link,
                        new SessionFact.PeerChanged(p.peerId(), p.polite(), p.epoch()))));
            }
        });
        return new Reconciled(closes, peers);
    }

    /** What a reconciliation found: connections to close, facts to send. */
    record Reconciled(List<Closing> closes, List<Sending> sends) {
    }

    record Closing(ClientLink link, int code) {
    }

    record Sending(ClientLink link, SessionFact fact) {
    }
}
