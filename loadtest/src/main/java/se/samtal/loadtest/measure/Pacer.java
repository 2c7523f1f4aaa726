package se.samtal.loadtest.measure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Open-loop load: each target fires at a fixed rate, whatever the server does, on the thread
 * that owns it (a connection's event loop). A target is told the time it <em>should</em> have
 * fired, so latencies measured from it include any delay the load generator itself had
 * (no coordinated omission). Targets start at random phases so the load is smooth.
 */
public final class Pacer implements AutoCloseable {
    private static final int MAX_CATCH_UP = 1000;

    /** Something that fires at a rate: a connection that sends, a scheduler that starts a setup. */
    public interface Target {
        /** The thread that owns this target; {@link #fire} runs there. */
        ScheduledExecutorService executor();

        /** Fire once; {@code intendedNanos} is when (System.nanoTime) it was due. */
        void fire(long intendedNanos);
    }

    private static final class Slot {
        final Target target;
        long next;
        long epoch = -1;

        Slot(Target target) {
            this.target = target;
        }
    }

    private final List<ScheduledFuture<?>> ticks = new ArrayList<>();
    private volatile long intervalNanos;
    private volatile long epoch;

    /**
     * @param tickMicros how often each thread looks for due targets: the timing resolution (1 ms
     *                   for message rates; coarser for heartbeats of many idle connections)
     */
    public Pacer(Collection<? extends Target> targets, long tickMicros) {
        Map<ScheduledExecutorService, List<Slot>> byExecutor = new IdentityHashMap<>();
        for (Target target : targets) {
            byExecutor.computeIfAbsent(target.executor(), e -> new ArrayList<>()).add(new Slot(target));
        }
        byExecutor.forEach((executor, slots) -> ticks.add(
                executor.scheduleAtFixedRate(() -> tick(slots), tickMicros, tickMicros, TimeUnit.MICROSECONDS)));
    }

    /** Every target fires {@code perTargetPerSecond} times a second from now on (0: stop firing). */
    public void rate(double perTargetPerSecond) {
        intervalNanos = perTargetPerSecond <= 0 ? 0 : Math.max(1, (long) (1e9 / perTargetPerSecond));
        epoch++;
    }

    private void tick(List<Slot> slots) {
        long interval = intervalNanos;
        if (interval == 0) {
            return;
        }
        long now = System.nanoTime();
        long currentEpoch = epoch;
        for (Slot slot : slots) {
            if (slot.epoch != currentEpoch) {
                slot.epoch = currentEpoch;
                slot.next = now + ThreadLocalRandom.current().nextLong(interval);
            }
            for (int n = 0; slot.next <= now && n < MAX_CATCH_UP; n++) {
                slot.target.fire(slot.next);
                slot.next += interval;
            }
        }
    }

    @Override
    public void close() {
        intervalNanos = 0;
        ticks.forEach(t -> t.cancel(false));
    }
}
