package se.samtal.server.dropin;

import java.time.Instant;

/**
 * A conversation someone started through a drop-in entry, as samtal keeps it beside the
 * conversation itself: which entry, the person's pseudonymous ref, and the HMACs of the two
 * secrets that bring them back ({@link ReturnCodes}). Nothing in it identifies the person.
 *
 * @param personRef the pseudonymous ref samtal gave the person ({@code anon_…}): their member ref,
 *                  and what the audit trail knows them by
 * @param closedAt  when the conversation was closed (null while open)
 * @param blockedAt when the care provider blocked its return code (null if not)
 * @param claimedBy the ref of the care team member who took it (null while it waits in the queue)
 * @param claimedByName their display name, shown to colleagues in the queue
 * @param visitSession the video visit offered to the person (a session id; null if none)
 */
public record DropIn(String tenantId, String conversationId, String entryId, String personRef, String keyHash,
                     String codeHash, Instant createdAt, Instant closedAt, Instant blockedAt, String claimedBy,
                     String claimedByName, String visitSession) {

    /** A new drop-in: open, not blocked, not claimed, no visit offered. */
    public DropIn(String tenantId, String conversationId, String entryId, String personRef, String keyHash, String codeHash,
                  Instant createdAt) {
        this(tenantId, conversationId, entryId, personRef, keyHash, codeHash, createdAt, null, null, null, null, null);
    }

    public boolean isClaimed() {
        return claimedBy != null;
    }

    public boolean isOpen() {
        return closedAt == null;
    }

    public boolean isBlocked() {
        return blockedAt != null;
    }
}
