package se.samtal.chat.conversation;

import se.samtal.protocol.Role;

import java.time.Instant;

/**
 * Someone in a conversation. Members are never forgotten while the conversation exists (the
 * record must say who wrote what); a removed member has {@link #removedAt()} and may do nothing.
 *
 * @param id            samtal's id for the person in this conversation ({@code m_…}); the one clients see
 * @param ref           the platform's opaque reference for the person; never sent to clients, never logged
 * @param visibleFrom   the first sequence number the member may read (late joiners of session chat)
 * @param deliveredSeq  receipts: the highest sequence number the member's devices have received
 * @param readSeq       receipts: the highest sequence number the member has read
 */
public record Member(String id, String ref, Role role, String name, long visibleFrom, long deliveredSeq, long readSeq,
                     Instant addedAt, Instant removedAt) {

    /** With receipts moved forward to at least these. */
    public Member withReceipts(long delivered, long read) {
        return new Member(id, ref, role, name, visibleFrom, Math.max(deliveredSeq, delivered), Math.max(readSeq, read), addedAt,
                removedAt);
    }

    public boolean isCurrent() {
        return removedAt == null;
    }
}
