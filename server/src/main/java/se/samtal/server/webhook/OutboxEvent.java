package se.samtal.server.webhook;

import java.time.Instant;

/**
 * A webhook event in the outbox.
 *
 * @param id        the event's id, the same on every attempt and every node ({@code Samtal-Webhook-Id}: platforms deduplicate on it)
 * @param tenantId  whose platform receives it
 * @param key       what orders it: a session's or a conversation's id; events of one key are delivered one after another, in the order added
 * @param type      {@code session.ended}, …
 * @param body      the JSON body, as it is sent
 * @param createdAt when it was made
 * @param attempts  delivery attempts made so far
 */
public record OutboxEvent(String id, String tenantId, String key, String type, String body, Instant createdAt, int attempts) {
}
