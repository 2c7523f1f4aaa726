package se.samtal.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.audit.chain.AuditEntry;
import se.samtal.audit.chain.ChainPoint;
import se.samtal.audit.store.AuditPage;
import se.samtal.audit.store.AuditQuery;
import se.samtal.audit.store.AuditStore;
import se.samtal.audit.store.PurgeResult;
import se.samtal.audit.verify.ChainVerifier;
import se.samtal.audit.verify.Verification;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

    private final AuditStore store;
    private final ChainVerifier verifier;
    private final AuditObserver observer;

    public AuditLog(AuditStore store, AuditObserver observer) {
        this.store = store;
        this.verifier = new ChainVerifier(store);
        this.observer = observer;
    }

    /**
     * Queues {@code event} and returns at once (never blocks: fit for event loops). The future
     * completes when the entry is durable; a failure is logged and counted here, so callers that
     * do not wait need not look at it.
     */
    public CompletableFuture<AuditEntry> record(AuditEvent event) {
        CompletableFuture<AuditEntry> stored;
        try {
            stored = store.append(event);
        } catch (RuntimeException e) {
            stored = CompletableFuture.failedFuture(e);
        }
        return stored.whenComplete((entry, failure) -> {
            if (failure == null) {
                stream.atInfo().log(line(entry));
                observer.recorded(event);
            } else {
                log.atError().setMessage("An audit event could not be stored").addKeyValue("tenant", event.tenantId())
                        .addKeyValue("action", event.action().wire()).setCause(failure).log();
                observer.failed(event);
            }
        });
    }

    /**
     * Records {@code event} and waits until it is durable. Blocks: never on an event loop.
     *
     * @throws AuditUnavailableException if it could not be stored (in time)
     */
    public AuditEntry recordDurably(AuditEvent event) {
        try {
            return record(event).get(DURABLE_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | CompletionException e) {
            throw new AuditUnavailableException("the audit store refused the event", e.getCause());
        } catch (TimeoutException e) {
            throw new AuditUnavailableException("the audit store did not answer in time", e);
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
        return store.isHealthy();
    }

    /** The stream's line for an entry: canonical JSON itself (members in order, no white space). */
    public static String line(AuditEntry entry) {
        return "{\"entry\":" + entry.canonical() + ",\"hash\":\"" + entry.hash() + "\",\"prevHash\":\"" + entry.prevHash() + "\"}";
    }
}
