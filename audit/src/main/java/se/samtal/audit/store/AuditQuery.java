package se.samtal.audit.store;

import se.samtal.audit.chain.IndexRef;

import java.time.Instant;
import java.util.Objects;

/**
 * Which entries to read: those of one tenant filed under one patient or object, whose time is
 * in {@code [from, to)}, in order of time (then sequence number), after {@code after}, at most
 * {@code limit}.
 */
public record AuditQuery(String tenantId, IndexRef.Kind kind, String key, Instant from, Instant to, PageCursor after,
                         int limit) {
    public AuditQuery {
        Objects.requireNonNull(tenantId);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(key);
        Objects.requireNonNull(from);
        Objects.requireNonNull(to);
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
    }

    /** Whether an entry at {@code atMillis} with {@code seq} lies inside the range and after the cursor. */
    public boolean admits(long atMillis, long seq) {
        return atMillis >= from.toEpochMilli() && atMillis < to.toEpochMilli() && (after == null || after.isBefore(atMillis, seq));
    }
}
