package se.samtal.server.record;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where the visit log of each session is kept: everything that happened in it, in the order it
 * was written, for its {@link VisitRecord} and the tenant's reports. Every call names the tenant:
 * a tenant never sees another's logs. Implementations block (call them off event loops). The
 * contract is spelled out by {@code VisitLogContract} in the server's tests: the embedded store
 * and the Redis store pass it.
 */
public interface VisitLog {

    /** An event of one session, with the session's scheduled start (null if the writer does not know it). */
    record Entry(String tenantId, String sessionId, Instant scheduledStart, VisitEvent event) {
    }

    /**
     * Appends the entries in their order, in one atomic write; each session's log remembers its
     * scheduled start (the first one given) and the time of its newest event.
     */
    void append(List<Entry> entries);

    /** The session's events in the order they were appended (empty if it has no log). */
    List<VisitEvent> events(String tenantId, String sessionId);

    /** The logs of the tenant's sessions whose scheduled start is in {@code [from, to)}: session id → events. */
    Map<String, List<VisitEvent>> byScheduledStart(String tenantId, Instant from, Instant to);

    /**
     * Retention: sessions whose newest event is older than {@code cutoff}, oldest first, skipping
     * the first {@code skip} of them, at most {@code limit}.
     */
    List<String> olderThan(String tenantId, Instant cutoff, int skip, int limit);

    /** Deletes the logs of these sessions; returns how many there were. */
    int delete(String tenantId, Collection<String> sessionIds);

    boolean isHealthy();
}
