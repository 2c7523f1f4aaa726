package se.samtal.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.audit.chain.AuditEntry;
import se.samtal.audit.chain.ChainPoint;
import se.samtal.audit.chain.GapRecord;
import se.samtal.audit.store.AuditPage;
import se.samtal.audit.store.AuditQuery;
import se.samtal.audit.store.AuditStore;
import se.samtal.audit.store.PurgeResult;
import se.samtal.audit.verify.ChainVerifier;
import se.samtal.audit.verify.Verification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The audit trail: records events in their tenant's chain, reads and verifies chains. Every
 * entry, once durable, is also written as one JSON line to the logger {@value #STREAM} (its own
 * appender, so operators can ship it to their log system): {@code {"entry":{…},"hash":"…","prevHash":"…"}},
 * the entry in the same canonical form that is hashed, so the shipped copy can be checked
 * against the store, and the store against the shipped copy.
 */
public final class AuditLog {
    /** The logger name of the audit stream. */
    public static final String STREAM = "samtal.audit";
    /** Longest wait for an event that must be durable before its answer leaves. */
    static final Duration DURABLE_WITHIN = Duration.ofSeconds(10);

    private static final Logger stream = LoggerFactory.getLogger(STREAM);
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    /** An append in flight this long without any entry becoming durable means the store is not taking entries. */
    static final Duration STALLED_AFTER = Duration.ofSeconds(5);

    private final AuditStore store;
    private final ChainVerifier verifier;
    private final AuditObserver observer;
    private final AuditBacklog backlog;
    private final Duration durableWithin;
    private final AtomicLong inFlight = new AtomicLong();
    private final LongSupplier nanos;
    private volatile long lastDurableNanos;
    /** When appends began to be in flight (none was before); a quiet spell is no stall. */
    private volatile long busySince;

    public AuditLog(AuditStore store, AuditObserver observer) {
        this(store, observer, Clock.systemUTC());
    }

    /** @param clock stamps the gap entries (the time samtal found entries lost) */
    public AuditLog(AuditStore store, AuditObserver observer, Clock clock) {
        this(store, observer, clock, AuditBacklog.MAX_WAITING, DURABLE_WITHIN);
    }

    /** For tests: fewer events may wait, and an answer waits less. */
    AuditLog(AuditStore store, AuditObserver observer, Clock clock, int maxWaiting, Duration durableWithin) {
        this(store, observer, clock, maxWaiting, durableWithin, System::nanoTime);
    }

    /** For tests: {@code nanos} is the monotonic time that stalls are measured in. */
    AuditLog(AuditStore store, AuditObserver observer, Clock clock, int maxWaiting, Duration durableWithin, LongSupplier nanos) {
        this.nanos = nanos;
        this.lastDurableNanos = nanos.getAsLong();
        this.busySince = lastDurableNanos;
        this.store = store;
        this.verifier = new ChainVerifier(store);
        this.observer = observer;
        this.durableWithin = durableWithin;
        this.backlog = new AuditBacklog(this::append, this::durable,
                (tenant, lost, from, to) -> record(GapRecord.event(tenant, clock.instant(), lost, from, to)), maxWaiting);
    }

    /**
     * Queues {@code event} and returns at once (never blocks: fit for event loops). The future
     * completes when the entry is durable. An entry is never given up while samtal runs: if the
     * store fails, the event waits (in order with those after it) and is appended again until the
     * store takes it; failed attempts are logged and counted here. Only if too many wait at once
     * does the future fail (the event is lost, and a gap entry will say so).
     */
    public CompletableFuture<AuditEntry> record(AuditEvent event) {
        var done = new CompletableFuture<AuditEntry>();
        if (backlog.isFailing()) {
            backlog.keep(event, done); // behind those already waiting, in order
            return done;
        }
        append(event).whenComplete((entry, failure) -> {
            if (failure == null) {
                durable(event, entry);
                done.complete(entry);
            } else {
                log.atError().setMessage("An audit event could not be stored; it waits and is tried again")
                        .addKeyValue("tenant", event.tenantId()).addKeyValue("action", event.action().wire())
                        .addKeyValue("reason", failure.getMessage()).log();
                observer.failed(event);
                backlog.keep(event, done);
            }
        });
        return done;
    }

    /**
     * Records {@code event} inside the write that runs on this thread now, on a database the
     * store shares with the part that writes (see {@link AuditStore#appendWithin}): the entry is
     * committed with that write, or neither is. Never blocks. The future completes when the entry
     * is durable, or fails if the write was not committed; nothing is kept to be tried again,
     * since the act it records was not stored either.
     *
     * @throws AuditUnavailableException if the trail cannot record now (entries wait for a store that failed)
     * @throws RuntimeException          what the store threw: the write it was to join must fail too
     */
    public CompletableFuture<AuditEntry> recordWithin(AuditEvent event) {
        if (backlog.isFailing()) {
            throw new AuditUnavailableException("the audit store does not take entries now", null);
        }
        return counted(() -> store.appendWithin(event)).whenComplete((entry, failure) -> {
            if (failure == null) {
                durable(event, entry);
            }
        });
    }

    private CompletableFuture<AuditEntry> append(AuditEvent event) {
        try {
            return counted(() -> store.append(event));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Runs an append, counting it in flight (for {@link #isFailing}) until its future completes; what it throws, it throws. */
    private CompletableFuture<AuditEntry> counted(Supplier<CompletableFuture<AuditEntry>> appending) {
        if (inFlight.getAndIncrement() == 0) {
            busySince = nanos.getAsLong();
        }
        CompletableFuture<AuditEntry> stored;
        try {
            stored = appending.get();
        } catch (RuntimeException e) {
            inFlight.decrementAndGet();
            throw e;
        }
        return stored.whenComplete((entry, failure) -> inFlight.decrementAndGet());
    }

    /** An entry is durable: it goes to the stream and is counted. */
    private void durable(AuditEvent event, AuditEntry entry) {
        lastDurableNanos = nanos.getAsLong();
        stream.atInfo().log(line(entry));
        observer.recorded(event);
    }

    /**
     * Whether the trail cannot record now: entries wait for a store that failed, or appends have
     * been in flight for {@link #STALLED_AFTER} without any entry becoming durable (Redis away).
     * Acts that can wait for their entry are refused meanwhile rather than done unrecorded. Time
     * in which nothing was in flight does not count: after a quiet spell, an entry just handed to
     * the store is not a stall.
     */
    public boolean isFailing() {
        return backlog.isFailing() || store.isWaiting()
                || (inFlight.get() > 0 && nanos.getAsLong() - Math.max(lastDurableNanos, busySince) > STALLED_AFTER.toNanos());
    }

    /**
     * Records {@code event} and waits until it is durable. Blocks: never on an event loop.
     *
     * @throws AuditUnavailableException if it could not be stored (in time)
     */
    public AuditEntry recordDurably(AuditEvent event) {
        if (isFailing()) {
            throw new AuditUnavailableException("the audit store does not take entries now", null);
        }
        var durable = record(event);
        long deadline = System.nanoTime() + durableWithin.toNanos();
        try {
            while (true) {
                try {
                    return durable.get(100, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // The entry still waits: an answer that must be on record is withheld at once
                    // when the store is found failing, else at the deadline.
                    if (isFailing() || System.nanoTime() - deadline > 0) {
                        throw new AuditUnavailableException("the audit store did not take the entry in time", e);
                    }
                }
            }
        } catch (ExecutionException | CompletionException e) {
            throw new AuditUnavailableException("the audit store refused the event", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("interrupted while recording", e);
        }
    }

    public AuditPage find(AuditQuery query) {
        return store.find(query);
    }

    /** The tenant's newest entry ({@link ChainPoint#GENESIS} before the first). */
    public ChainPoint head(String tenantId) {
        return store.state(tenantId).head();
    }

    public Verification verify(String tenantId) {
        return verifier.verify(tenantId);
    }

    /** One retention round for a tenant (see {@link AuditStore#purge}); the purge record goes to the stream too. */
    public PurgeResult purge(String tenantId, Instant cutoff, int limit, Instant now) {
        PurgeResult result = store.purge(tenantId, cutoff, limit, now);
        if (result.record() != null) {
            stream.atInfo().log(line(result.record()));
            observer.recorded(result.record().event());
        }
        return result;
    }

    public boolean isHealthy() {
        return store.isHealthy() && !isFailing();
    }

    /**
     * Stops: waits at most {@code wait} for entries still waiting for the store; any left are lost
     * (logged per tenant with counts). Close the store after this.
     */
    public void close(Duration wait) {
        backlog.close(wait);
    }

    /** The stream's line for an entry: canonical JSON itself (members in order, no white space). */
    public static String line(AuditEntry entry) {
        return "{\"entry\":" + entry.canonical() + ",\"hash\":\"" + entry.hash() + "\",\"prevHash\":\"" + entry.prevHash() + "\"}";
    }
}
