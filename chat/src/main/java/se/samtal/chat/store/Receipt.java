package se.samtal.chat.store;

/**
 * A member's receipts after a mark.
 *
 * @param changed whether the mark moved anything forward
 * @param unread  messages of others after {@code readSeq}
 */
public record Receipt(String memberId, long deliveredSeq, long readSeq, boolean changed, int unread) {
}
