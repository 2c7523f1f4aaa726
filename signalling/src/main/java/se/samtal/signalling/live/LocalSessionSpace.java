package se.samtal.signalling.live;

import se.samtal.signalling.feed.SessionFeed;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Live sessions of embedded mode: each state is one object in memory, changed under its lock;
 * its effects are carried out under the same lock, so everyone connected sees one order, and
 * the session's recent events are kept in its {@link SessionFeed} for resuming clients. Timers
 * run on one scheduler thread. A session everyone left is forgotten at once; an ended one a
 * little later, so that a join racing the end is refused rather than starting it again.
 */
public final class LocalSessionSpace implements SessionSpace {
    /** How long an ended session is remembered. */
    static final Duration KEEP_ENDED = Duration.ofMinutes(10);

    private final String node;
    private final int replayEvents;
    private final ScheduledExecutorService timers;
    private final Clock clock;
    private final ConcurrentHashMap<SessionKey, Holder> holders = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ScheduledFuture<?>> scheduled = new ConcurrentHashMap<>();
    private volatile TimerListener listener = (tenant, timer) -> { };

    /** A session's state, its delivery on this node, and whether it has been forgotten. Guarded by itself. */
    private static final class Holder {
        final SessionState state;
        final SessionFeed feed;
        boolean gone;

        Holder(SessionState state, SessionFeed feed) {
            this.state = state;
            this.feed = feed;
        }
    }

    /**
     * @param node         this node's id (what {@link se.samtal.signalling.feed.LinkRef}s of local connections name)
     * @param replayEvents events kept per session for resuming clients
     */
    public LocalSessionSpace(String node, int replayEvents, ScheduledExecutorService timers, Clock clock) {
        this.node = node;
        this.replayEvents = replayEvents;
        this.timers = timers;
        this.clock = clock;
    }

    @Override
    public void start(LiveSessionContext context, TimerListener timerListener) {
        this.listener = timerListener;
    }

    @Override
    public <R> R change(SessionKey key, Supplier<SessionState> create, Step<R> step) {
        while (true) {
            Holder holder = create == null ? holders.get(key) : holders.computeIfAbsent(key, k -> {
                SessionState fresh = create.get();
                return new Holder(fresh, new SessionFeed(node, fresh.streamId(), fresh.seq(), replayEvents));
            });
            if (holder == null) {
                return step.apply(null);
            }
            synchronized (holder) {
                if (holder.gone) {
                    holders.remove(key, holder);
                    if (create == null) {
                        return step.apply(null);
                    }
                    continue; // forgotten between look-up and lock: look again
                }
                var effects = new Effects();
                Change change = Change.begin(holder.state, effects, holder.feed::recentAfter);
                R result;
                try {
                    result = step.apply(change);
                } finally {
                    change.end();
                }
                commit(key, holder, effects);
                return result;
            }
        }
    }

    private void commit(SessionKey key, Holder holder, Effects effects) {
        // The observers first (they return at once): they take the moment of the change from the
        // clock, and once the frames are out the people told may already act on them.
        effects.afterCommit().forEach(Runnable::run);
        holder.feed.deliver(effects.outputs());
        for (Effects.TimerChange timer : effects.timers()) {
            if (timer.due() == null) {
                cancel(key.tenantId(), timer.key());
            } else {
                schedule(key.tenantId(), timer.key(), Duration.between(clock.instant(), timer.due()));
            }
        }
        if (effects.retires()) {
            holder.gone = true;
            holders.remove(key, holder);
        } else if (effects.isOver()) {
            timers.schedule(() -> {
                synchronized (holder) {
                    holder.gone = true;
                }
                holders.remove(key, holder);
            }, KEEP_ENDED.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void schedule(String tenantId, TimerKey timer, Duration delay) {
        String id = tenantId + "|" + timer.id();
        ScheduledFuture<?> future = timers.schedule(() -> {
            scheduled.remove(id);
            listener.rang(tenantId, timer);
        }, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        ScheduledFuture<?> earlier = scheduled.put(id, future);
        if (earlier != null) {
            earlier.cancel(false);
        }
    }

    private void cancel(String tenantId, TimerKey timer) {
        ScheduledFuture<?> future = scheduled.remove(tenantId + "|" + timer.id());
        if (future != null) {
            future.cancel(false);
        }
    }

    @Override
    public <R> Optional<R> read(SessionKey key, Function<SessionState, R> reader) {
        Holder holder = holders.get(key);
        if (holder == null) {
            return Optional.empty();
        }
        synchronized (holder) {
            return holder.gone || holder.state.isOver() ? Optional.empty() : Optional.of(reader.apply(holder.state));
        }
    }

    /** Never: every change is made in memory. */
    @Override
    public boolean blocks() {
        return false;
    }

    @Override
    public Map<String, Integer> activeByTenant() {
        var counts = new TreeMap<String, Integer>();
        holders.forEach((key, holder) -> {
            synchronized (holder) {
                if (!holder.gone && !holder.state.isOver()) {
                    counts.merge(key.tenantId(), 1, Integer::sum);
                }
            }
        });
        return counts;
    }
}
