package se.samtal.server.record;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * One thread that writes what observers hand it, in the order they handed it, in batches: so an
 * observer (which must return at once) never blocks on a store, and a session's events reach its
 * log in the order they happened on this node. A batch that cannot be written is tried again a
 * few times, then dropped and counted; a full queue drops at once and counts.
 *
 * @param <T> what is written
 */
public final class LogWriter<T> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LogWriter.class);
    private static final int BATCH = 500;
    private static final int ATTEMPTS = 5;
    private static final Duration RETRY = Duration.ofSeconds(1);
    /**
     * How long a lingering writer ({@link #LogWriter(String, int, Duration, Consumer, IntConsumer)})
     * lets a batch gather after its first item before writing it (unless it is full, a
     * {@link #then} action waits, or the writer closes): at light load one commit (with its flush
     * to disk) per item cost more than the items. Only for logs whose order across nodes does not
     * matter: a visit log's events of the same moment keep the order in which their nodes wrote
     * them, so it does not linger.
     */
    public static final Duration LINGER = Duration.ofMillis(50);

    private record Then(Runnable action) {
    }

    /** Queued by {@link #close} to wake an idle writer at once; never written. */
    private static final Object WAKE = new Object();
    /**
     * How long an idle writer waits before it looks again whether it is closing ({@link #close}
     * wakes it at once). It looked every 200 ms before: on a VM each timed wake-up cost about
     * 75 µs of CPU, for nothing.
     */
    private static final long IDLE_WAIT_SECONDS = 5;

    private final String name;
    private final long lingerNanos;
    private final Consumer<List<T>> sink;
    private final IntConsumer dropped;
    private final BlockingQueue<Object> queue;
    private final Thread thread;
    private volatile boolean closing;

    /**
     * @param sink    writes a batch (blocking); throws if it could not
     * @param dropped told how many items were lost (queue full, or a batch failed for good)
     */
    public LogWriter(String name, int capacity, Consumer<List<T>> sink, IntConsumer dropped) {
        this(name, capacity, Duration.ZERO, sink, dropped);
    }

    /** A writer that lets each batch gather for {@code linger} (see {@link #LINGER}). */
    public LogWriter(String name, int capacity, Duration linger, Consumer<List<T>> sink, IntConsumer dropped) {
        this.name = name;
        this.lingerNanos = linger.toNanos();
        this.sink = sink;
        this.dropped = dropped;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = Thread.ofPlatform().name("samtal-" + name + "-writer").daemon().start(this::run);
    }

    /** Queues {@code item}; returns at once. */
    public void write(T item) {
        if (!queue.offer(item)) {
            log.atWarn().setMessage("A follow-up log's queue is full: an entry was dropped").addKeyValue("log", name).log();
            dropped.accept(1);
        }
    }

    /** Runs {@code action} on the writer's thread once everything queued before it has been written (or given up on). */
    public void then(Runnable action) {
        if (!queue.offer(new Then(action))) {
            action.run();
        }
    }

    /**
     * Waits (at most {@code max}) until everything queued before this call has been written (or
     * given up on): a reader of the log sees what was handed to the writer before it asked.
     * Returns at once on the writer's own thread.
     */
    public void awaitWritten(Duration max) {
        if (Thread.currentThread() == thread || closing) {
            return;
        }
        var written = new java.util.concurrent.CountDownLatch(1);
        then(written::countDown);
        try {
            written.await(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unchecked")
    private void run() {
        var batch = new ArrayList<T>();
        var after = new ArrayList<Runnable>();
        while (!closing || !queue.isEmpty()) {
            Object first;
            try {
                first = queue.poll(IDLE_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                if (closing) {
                    continue;
                }
                return;
            }
            if (first == null || first == WAKE) {
                continue;
            }
            var taken = new ArrayList<>();
            taken.add(first);
            queue.drainTo(taken, BATCH - 1);
            gather(taken);
            for (Object item : taken) {
                if (item == WAKE) {
                    continue;
                }
                if (item instanceof Then then) {
                    flush(batch);
                    after.add(then.action());
                    runAll(after);
                } else {
                    batch.add((T) item);
                }
            }
            flush(batch);
        }
    }

    /** Lets {@code taken} grow for up to the writer's linger (see {@link #LINGER}). */
    private void gather(List<Object> taken) {
        long deadline = System.nanoTime() + lingerNanos;
        while (!closing && taken.size() < BATCH && taken.stream().noneMatch(Then.class::isInstance)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Object next;
            try {
                next = queue.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (next == null) {
                return;
            }
            taken.add(next);
            queue.drainTo(taken, BATCH - taken.size());
        }
    }

    private void flush(List<T> batch) {
        if (batch.isEmpty()) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                sink.accept(List.copyOf(batch));
                break;
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || closing) {
                    log.atError().setMessage("A follow-up log could not be written: entries were dropped")
                            .addKeyValue("log", name).addKeyValue("entries", batch.size()).setCause(e).log();
                    dropped.accept(batch.size());
                    break;
                }
                try {
                    Thread.sleep(RETRY.toMillis() * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    closing = true;
                }
            }
        }
        batch.clear();
    }

    private void runAll(List<Runnable> actions) {
        for (Runnable action : actions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                log.atWarn().setMessage("A follow-up action failed").addKeyValue("log", name).setCause(e).log();
            }
        }
        actions.clear();
    }

    /** Writes what is queued (waiting a few seconds at most), then stops. */
    @Override
    public void close() {
        closing = true;
        queue.offer(WAKE);
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
