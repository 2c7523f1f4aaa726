package se.samtal.audit.chain;

import se.samtal.audit.Actor;
import se.samtal.audit.AuditAction;
import se.samtal.audit.AuditEvent;
import se.samtal.audit.AuditObject;

import java.time.Instant;
import java.util.Optional;

/**
 * The entry a retention purge leaves in the chain, in the same step as it removes the oldest
 * entries: which entry the kept chain now starts after (the anchor) and that entry's hash. So
 * the anchor itself is on record, and moving it (to hide entries) breaks verification.
 */
public final class PurgeRecord {
    public static final String AUDIT_LOG = "audit_log";

    private PurgeRecord() {
    }

    public static AuditEvent event(String tenantId, Instant at, ChainPoint anchor, int entries, Instant cutoff) {
        return AuditEvent.builder(at, tenantId, Actor.system(), AuditAction.AUDIT_PURGED)
                .object(AuditObject.of(AUDIT_LOG))
                .detail("throughSeq", anchor.seq())
                .detail("throughHash", anchor.hash())
                .detail("entries", entries)
                .detail("cutoff", cutoff.toString())
                .build();
    }

    /** The anchor a purge entry records, if {@code event} is one. */
    public static Optional<ChainPoint> anchorOf(AuditEvent event) {
        if (event.action() != AuditAction.AUDIT_PURGED || !(event.detail().get("throughSeq") instanceof Long seq)
                || !(event.detail().get("throughHash") instanceof String hash) || !ChainPoint.isHash(hash)) {
            return Optional.empty();
        }
        return Optional.of(new ChainPoint(seq, hash));
    }
}
