package se.samtal.audit.store.redis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.audit.AuditEvent;
import se.samtal.audit.chain.AuditEntry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * The one thread that appends to Redis for this node. Every event queued asks the thread to
 * drain the queue; a drain takes everything waiting and appends each tenant's events in one
 * script call (group commit, as the embedded store does), so under load one round trip carries
 * many entries, and the drains asked for meanwhile find nothing left. A future completes after
 * Redis answered.
 */
final class RedisAppender {
    private static final Logger log = LoggerFactory.getLogger(RedisAppender.class);
    static final int MAX_BATCH = 256;
    static final int MAX_QUEUED = 65_536;
    /** How long stopping waits for what is queued to be appended. */
    static final java.time.Duration STOP_WAIT = java.time.Duration.ofSeconds(5);

    private record Pending(AuditEvent event, CompletableFuture<AuditEntry> future) {
    }

    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("samtal-audit-redis-writer").daemon().factory());
    private final BiFunction<String, List<AuditEvent>, List<AuditEntry>> appendAll;

    /** @param appendAll appends one tenant's events in order, atomically, and returns their entries */
    RedisAppender(BiFunction<String, List<AuditEvent>, List<AuditEntry>> appendAll) {
        this.appendAll = appendAll;
    }

    /** Queues an event; never blocks. Fails at once if the appender is stopped or too much is waiting. */
    CompletableFuture<AuditEntry> submit(AuditEvent event) {
        var pending = new Pending(event, new CompletableFuture<>());
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            pending.future().completeExceptionally(new IllegalStateException("the audit write queue is full"));
            return pending.future();
        }
        queue.add(pending);
        try {
            writer.execute(this::drain);
        } catch (RejectedExecutionException e) {
            if (queue.remove(pending)) {
                queued.decrementAndGet();
            }
            pending.future().completeExceptionally(new IllegalStateException("the audit store is closed"));
        }
        return pending.future();
    }

    /** Stops taking events, appends what is queued, and waits for that to finish. */
    void stop() {
        writer.shutdown();
        try {
            writer.awaitTermination(STOP_WAIT.toSeconds() + 10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            left.future().completeExceptionally(new IllegalStateException("the audit store is closed"));
        }
    }

    private void drain() {
        var batch = new ArrayList<Pending>();
        Pending next;
        while (batch.size() < MAX_BATCH && (next = queue.poll()) != null) {
            batch.add(next);
        }
        queued.addAndGet(-batch.size());
        var byTenant = new LinkedHashMap<String, List<Pending>>();
        batch.forEach(p -> byTenant.computeIfAbsent(p.event().tenantId(), t -> new ArrayList<>()).add(p));
        byTenant.forEach(this::appendTenant);
    }

    private void appendTenant(String tenantId, List<Pending> pending) {
        try {
            var entries = appendAll.apply(tenantId, pending.stream().map(Pending::event).toList());
            for (int i = 0; i < pending.size(); i++) {
                pending.get(i).future().complete(entries.get(i));
            }
        } catch (RuntimeException e) {
            log.atError().setMessage("Audit append to Redis failed; none of the batch is stored").addKeyValue("tenant", tenantId)
                    .addKeyValue("batch", pending.size()).setCause(e).log();
            pending.forEach(p -> p.future().completeExceptionally(e));
        }
    }
}
