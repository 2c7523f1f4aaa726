package se.samtal.chat.message;

import se.samtal.protocol.Role;

import java.time.Instant;

/**
 * A message as stored: immutable once written (the record must stay trustworthy). The sender's
 * role and name are kept as they were when it was written.
 *
 * @param seq            1, 2, 3, … per conversation, without gaps
 * @param senderId       the sender's member id
 * @param idempotencyKey the sender's key for it; a resend with the same key finds this message
 */
public record Message(String conversationId, long seq, String senderId, Role senderRole, String senderName, String text,
                      Instant sentAt, String idempotencyKey) {
}
