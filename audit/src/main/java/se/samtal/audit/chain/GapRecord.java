package se.samtal.audit.chain;

import se.samtal.audit.Actor;
import se.samtal.audit.AuditAction;
import se.samtal.audit.AuditEvent;
import se.samtal.audit.AuditObject;

import java.time.Instant;
import java.util.Optional;

/**
 * The entry that says the chain is missing entries samtal could not store: events that happened
 * while the store failed, more of them than it could keep waiting in memory, and that it gave up.
 * It is appended as soon as the store takes entries again, names how many were lost and between
 * which times, and verification reports it as a gap. So an access that could not be recorded is
 * at least known to be missing, never silently absent.
 */
public final class GapRecord {
    private GapRecord() {
    }

    public static AuditEvent event(String tenantId, Instant at, long lost, Instant from, Instant to) {
        return AuditEvent.builder(at, tenantId, Actor.system(), AuditAction.AUDIT_GAP)
                .object(AuditObject.of(PurgeRecord.AUDIT_LOG))
                .detail("lost", lost)
                .detail("from", from.toString())
                .detail("to", to.toString())
                .build();
    }

    /** How many entries a gap record says were lost, if {@code event} is one. */
    public static Optional<Long> lostOf(AuditEvent event) {
        if (event.action() != AuditAction.AUDIT_GAP || !(event.detail().get("lost") instanceof Long lost)) {
            return Optional.empty();
        }
        return Optional.of(lost);
    }
}
