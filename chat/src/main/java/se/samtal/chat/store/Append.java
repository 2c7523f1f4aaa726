package se.samtal.chat.store;

import java.time.Instant;

/** A message to store: who sends it (by the platform's ref), under which idempotency key, what it says, and when. */
public record Append(String tenantId, String conversationId, String senderRef, String idempotencyKey, String text,
                     Instant sentAt) {
}
