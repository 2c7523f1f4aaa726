package se.samtal.audit.store;

import se.samtal.audit.AuditEvent;
import se.samtal.audit.chain.AuditEntry;
import se.samtal.audit.chain.StoredEntry;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where each tenant's audit chain is kept: append-only, every entry linked to the one before by
 * its hash, filed under the patients and objects it concerns. Implementations are shared by
 * every thread. {@link #append} never blocks; the other calls do (call them off event loops).
 * The contract is spelled out by {@code AuditStoreContract} in this module's test-jar: an
 * implementation passes it or is wrong.
 */
public interface AuditStore extends AutoCloseable {

    /**
     * Puts {@code event} at the end of its tenant's chain: the next sequence number, linked to
     * the head, in one atomic step with its filing and the new head. Returns at once; the future
     * completes when the entry is durable (or fails, and nothing of it is stored). Events of one
     * tenant appended one after another get increasing numbers in that order.
     */
    CompletableFuture<AuditEntry> append(AuditEvent event);

    /**
     * {@link #append}, inside the write that runs on this thread now: another store's, on a
     * database this store shares. The entry is committed with that write or not at all, and an
     * exception here fails it. Only stores that share a database with another can.
     *
     * @throws IllegalStateException if this store cannot join the write running here (or none runs)
     */
    default CompletableFuture<AuditEntry> appendWithin(AuditEvent event) {
        throw new IllegalStateException("this audit store cannot write inside another store's write");
    }

    /** A page of the entries a query selects, each one filed under the query's key and read back from its stored JSON. */
    AuditPage find(AuditQuery query);

    /** The tenant's head and anchor. */
    ChainState state(String tenantId);

    /** Stored entries after {@code afterSeq} in order, at most {@code limit}, as they are stored (for verification). */
    List<StoredEntry> scan(String tenantId, long afterSeq, int limit);

    /**
     * Retention: removes the oldest entries of the tenant's chain that are older than
     * {@code cutoff}, at most {@code limit}, stopping at the first younger one; and in the same
     * atomic step moves the anchor to the last removed entry and appends the
     * {@link se.samtal.audit.chain.PurgeRecord purge record} (made at {@code now}).
     */
    PurgeResult purge(String tenantId, Instant cutoff, int limit, Instant now);

    boolean isHealthy();

    /**
     * Whether appends are held up now because the store does not take them (Redis does not
     * answer): they complete once it does. Cheap; never blocks.
     */
    default boolean isWaiting() {
        return false;
    }

    /** Finishes the appends already queued and releases the store's resources. */
    @Override
    void close();
}
