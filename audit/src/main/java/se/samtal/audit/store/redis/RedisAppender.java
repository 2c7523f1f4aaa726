package se.samtal.audit.store.redis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.audit.AuditEvent;
import se.samtal.audit.chain.AuditEntry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;

/**
 * The one thread that appends to Redis for this node. Events queued while an append is on its
 * way wait; the next round takes everything queued and appends each tenant's events in one
 * script call (group commit, as the embedded store does), so under load one round trip carries
 * many entries. A future completes after Redis answered.
 */
final class RedisAppender {
    private static final Logger log = LoggerFactory.getLogger(RedisAppender.class);
    static final int MAX_BATCH = 256;
    static final int MAX_QUEUED = 65_536;

    private record Pending(AuditEvent event, CompletableFuture<AuditEntry> future) {
    }

    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final ReentrantLock admission = new ReentrantLock();
    private final BiFunction<String, List<AuditEvent>, List<AuditEntry>> appendAll;
    private final Thread thread;
    private volatile boolean stopping;

    /** @param appendAll appends one tenant's events in order, atomically, and returns their entries */
    RedisAppender(BiFunction<String, List<AuditEvent>, List<AuditEntry>> appendAll) {
        this.appendAll = appendAll;
        this.thread = Thread.ofPlatform().name("samtal-audit-redis-writer").daemon().unstarted(this::run);
        thread.start();
    }

    /** Queues an event; never blocks. Fails at once if the appender is stopping or the queue is full. */
    CompletableFuture<AuditEntry> submit(AuditEvent event) {
        var future = new CompletableFuture<AuditEntry>();
        admission.lock();
        try {
            if (stopping) {
                future.completeExceptionally(new IllegalStateException("the audit store is closed"));
            } else if (!queue.offer(new Pending(event, future))) {
                future.completeExceptionally(new IllegalStateException("the audit write queue is full"));
            }
        } finally {
            admission.unlock();
        }
        return future;
    }

    /** Stops taking events, appends what is queued, and waits for the thread to end. */
    void stop() {
        admission.lock();
        try {
            stopping = true;
        } finally {
            admission.unlock();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            left.future().completeExceptionally(new IllegalStateException("the audit store is closed"));
        }
    }

    private void run() {
        var batch = new ArrayList<Pending>(MAX_BATCH);
        while (true) {
            Pending first;
            try {
                first = queue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (first == null) {
                if (stopping) {
                    return;
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, MAX_BATCH - 1);
            var byTenant = new LinkedHashMap<String, List<Pending>>();
            batch.forEach(p -> byTenant.computeIfAbsent(p.event().tenantId(), t -> new ArrayList<>()).add(p));
            byTenant.forEach(this::appendTenant);
            batch.clear();
        }
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
