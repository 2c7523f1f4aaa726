package se.samtal.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.audit.chain.AuditEntry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Audit events whose store failed (a full disk, Redis away), kept in memory in the order they
 * came and appended again until the store takes them: an entry is never given up while samtal
 * runs, unless more than {@value #MAX_WAITING} (by default) wait at once. Those beyond are lost, counted per
 * tenant, and become a {@link se.samtal.audit.chain.GapRecord gap record} as soon as the store
 * works again. While anything waits, new events wait behind it (so the chain keeps their order),
 * and {@link #isFailing()} says the trail cannot record now, so acts that can wait for it do.
 */
final class AuditBacklog {
    private static final Logger log = LoggerFactory.getLogger(AuditBacklog.class);
    /** Most events waiting at once. */
    static final int MAX_WAITING = 65_536;
    /** Most events appended again in one pass. */
    private static final int PASS = 512;
    private static final long FIRST_PAUSE_MILLIS = 100;
    private static final long MAX_PAUSE_MILLIS = 5000;

    private record Waiting(AuditEvent event, CompletableFuture<AuditEntry> done) {
    }

    /** Events lost for one tenant since its last gap record. */
    private record Lost(long count, Instant from, Instant to) {
        Lost plus(Instant at) {
            return new Lost(count + 1, at.isBefore(from) ? at : from, at.isAfter(to) ? at : to);
        }
    }

    private final Function<AuditEvent, CompletableFuture<AuditEntry>> append;
    private final BiConsumer<AuditEvent, AuditEntry> stored;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private final Map<String, Lost> lost = new LinkedHashMap<>();
    private final ScheduledExecutorService passes = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("samtal-audit-retry").daemon().factory());
    private final GapWriter gaps;
    private final int maxWaiting;
    private boolean passScheduled;
    private long pause = FIRST_PAUSE_MILLIS;
    private volatile boolean failing;

    /** Records the gap entries once the store works again. */
    interface GapWriter {
        void lost(String tenantId, long count, Instant from, Instant to);
    }

    /**
     * @param append appends one event to the store
     * @param stored told of each event that became durable here (stream, metrics)
     * @param gaps   records that entries were lost
     */
    AuditBacklog(Function<AuditEvent, CompletableFuture<AuditEntry>> append, BiConsumer<AuditEvent, AuditEntry> stored,
                 GapWriter gaps, int maxWaiting) {
        this.append = append;
        this.stored = stored;
        this.gaps = gaps;
        this.maxWaiting = maxWaiting;
    }

    /** Whether events wait for the store: the trail cannot record now. */
    boolean isFailing() {
        return failing;
    }

    /**
     * Keeps {@code event} to append again; {@code done} completes when it is durable. Fails
     * {@code done} at once if too many wait already (the event is lost and counted).
     */
    synchronized void keep(AuditEvent event, CompletableFuture<AuditEntry> done) {
        if (waiting.size() >= maxWaiting) {
            lost.merge(event.tenantId(), new Lost(1, event.at(), event.at()), (a, b) -> a.plus(event.at()));
            done.completeExceptionally(new AuditUnavailableException("too many audit events wait for the store", null));
            return;
        }
        waiting.add(new Waiting(event, done));
        failing = true;
        schedulePass(pause);
    }

    private void schedulePass(long millis) {
        if (!passScheduled) {
            passScheduled = true;
            passes.schedule(this::pass, millis, TimeUnit.MILLISECONDS);
        }
    }

    /** One pass: appends the oldest waiting events in order; what fails waits for the next, later. */
    private void pass() {
        List<Waiting> batch;
        synchronized (this) {
            passScheduled = false;
            batch = new ArrayList<>(waiting.stream().limit(PASS).toList());
        }
        var results = new ArrayList<CompletableFuture<AuditEntry>>(batch.size());
        for (Waiting w : batch) {
            CompletableFuture<AuditEntry> result;
            try {
                result = append.apply(w.event());
            } catch (RuntimeException e) {
                result = CompletableFuture.failedFuture(e);
            }
            results.add(result);
        }
        boolean anyFailed = false;
        for (int i = 0; i < batch.size(); i++) {
            Waiting w = batch.get(i);
            AuditEntry entry;
            try {
                // No time limit: an append still in flight is not a failure (a store that waits for
                // Redis completes it once Redis is back); appending it again would store it twice.
                entry = results.get(i).get();
            } catch (java.util.concurrent.ExecutionException e) {
                anyFailed = true;
                continue;
            } catch (InterruptedException e) {
                return; // closing
            }
            synchronized (this) {
                waiting.remove(w);
            }
            stored.accept(w.event(), entry);
            w.done().complete(entry);
        }
        Map<String, Lost> gapsToWrite = Map.of();
        synchronized (this) {
            if (anyFailed) {
                pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
                schedulePass(pause);
                return;
            }
            pause = FIRST_PAUSE_MILLIS;
            if (!waiting.isEmpty()) {
                schedulePass(0);
                return;
            }
            if (!lost.isEmpty()) {
                gapsToWrite = new LinkedHashMap<>(lost);
                lost.clear();
            }
            failing = false;
        }
        gapsToWrite.forEach((tenant, l) -> {
            log.atError().setMessage("Audit entries were lost before they could be stored; a gap entry records it")
                    .addKeyValue("tenant", tenant).addKeyValue("lost", l.count()).log();
            gaps.lost(tenant, l.count(), l.from(), l.to());
        });
        log.atInfo().setMessage("The audit store takes entries again; every waiting entry is stored").log();
    }

    /**
     * Stops: waits at most {@code wait} for what waits to be stored; what is left is lost (logged
     * per tenant, with counts; the futures fail).
     */
    void close(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (isFailing() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        passes.shutdownNow();
        List<Waiting> left;
        synchronized (this) {
            left = new ArrayList<>(waiting);
            waiting.clear();
            left.forEach(w -> lost.merge(w.event().tenantId(), new Lost(1, w.event().at(), w.event().at()),
                    (a, b) -> a.plus(w.event().at())));
        }
        lost.forEach((tenant, l) -> log.atError()
                .setMessage("samtal stopped with audit entries it could not store: they are lost and no gap entry records them")
                .addKeyValue("tenant", tenant).addKeyValue("lost", l.count()).addKeyValue("from", l.from())
                .addKeyValue("to", l.to()).log());
        left.forEach(w -> w.done().completeExceptionally(new AuditUnavailableException("samtal stopped", null)));
    }
}
