package se.samtal.audit.store;

import se.samtal.audit.chain.AuditEntry;

/**
 * What one purge round removed.
 *
 * @param more   whether it stopped at its limit with more old entries left
 * @param record the purge record it appended (null if it removed nothing)
 */
public record PurgeResult(int entries, boolean more, AuditEntry record) {
    public static final PurgeResult NOTHING = new PurgeResult(0, false, null);
}
