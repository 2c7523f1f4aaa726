package se.samtal.chat.live;

/** A conversation, named with its tenant: ids are unique per tenant only. */
public record ConversationKey(String tenantId, String conversationId) {
}
