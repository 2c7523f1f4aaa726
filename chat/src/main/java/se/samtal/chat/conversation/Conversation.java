package se.samtal.chat.conversation;

import java.time.Instant;

/**
 * A conversation: the chat of a video session, or a care conversation between a patient (with
 * guardians where relevant) and a care team.
 *
 * @param sessionId        session chat: the session it belongs to; care: null
 * @param externalRef      the platform's own id for it, echoed in webhooks; never personal data
 * @param lastSeq          the newest message's sequence number (0 before the first)
 * @param purgedThroughSeq messages up to this one were purged by retention (0 if none)
 * @param legalHold        null unless on hold
 * @param lastActivityAt   when it was created or last written to
 * @param closingCode      while closed: the {@link ClosingCode#code() closing code} it was closed with (null: none given)
 */
public record Conversation(String tenantId, String id, ConversationKind kind, String sessionId, String title,
                           String externalRef, ConversationStatus status, ConversationSettings settings, long lastSeq,
                           long purgedThroughSeq, LegalHold legalHold, Instant createdAt, Instant lastActivityAt,
                           Instant closedAt, String closingCode) {

    public Conversation {
        settings = settings != null ? settings : ConversationSettings.NONE;
        closingCode = status == ConversationStatus.CLOSED ? closingCode : null;
    }

    /** A conversation without a closing code. */
    public Conversation(String tenantId, String id, ConversationKind kind, String sessionId, String title, String externalRef,
                        ConversationStatus status, ConversationSettings settings, long lastSeq, long purgedThroughSeq,
                        LegalHold legalHold, Instant createdAt, Instant lastActivityAt, Instant closedAt) {
        this(tenantId, id, kind, sessionId, title, externalRef, status, settings, lastSeq, purgedThroughSeq, legalHold, createdAt,
                lastActivityAt, closedAt, null);
    }

    public boolean isOnHold() {
        return legalHold != null;
    }

    public Conversation withStatus(ConversationStatus newStatus, Instant at) {
        Instant closed = newStatus == ConversationStatus.CLOSED ? (closedAt != null ? closedAt : at) : null;
        return new Conversation(tenantId, id, kind, sessionId, title, externalRef, newStatus, settings, lastSeq,
                purgedThroughSeq, legalHold, createdAt, lastActivityAt, closed, closingCode);
    }

    /**
     * Closed at {@code at} with {@code code} (null: none). Closing a closed conversation again
     * keeps when it closed and takes the new code.
     */
    public Conversation closed(Instant at, String code) {
        return new Conversation(tenantId, id, kind, sessionId, title, externalRef, ConversationStatus.CLOSED, settings, lastSeq,
                purgedThroughSeq, legalHold, createdAt, lastActivityAt, closedAt != null ? closedAt : at, code);
    }

    public Conversation withSettings(ConversationSettings newSettings) {
        return new Conversation(tenantId, id, kind, sessionId, title, externalRef, status, newSettings, lastSeq,
                purgedThroughSeq, legalHold, createdAt, lastActivityAt, closedAt, closingCode);
    }

    /** With {@code hold}, or off hold if it is null. */
    public Conversation withLegalHold(LegalHold hold) {
        return new Conversation(tenantId, id, kind, sessionId, title, externalRef, status, settings, lastSeq,
                purgedThroughSeq, hold, createdAt, lastActivityAt, closedAt, closingCode);
    }

    /** As it is right after message {@code seq} was written at {@code at}. */
    public Conversation afterMessage(long seq, Instant at) {
        return new Conversation(tenantId, id, kind, sessionId, title, externalRef, status, settings, seq, purgedThroughSeq,
                legalHold, createdAt, at, closedAt, closingCode);
    }

    /** The oldest sequence number anyone can still read. */
    public long historyStart() {
        return purgedThroughSeq + 1;
    }
}
