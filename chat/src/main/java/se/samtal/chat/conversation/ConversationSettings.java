package se.samtal.chat.conversation;

import se.samtal.chat.expectation.ReplyWithin;
import se.samtal.chat.expectation.StaffedHours;

/**
 * What a care conversation says for itself instead of its tenant's defaults (either may be null:
 * then the tenant's applies).
 */
public record ConversationSettings(ReplyWithin replyWithin, StaffedHours staffedHours) {
    public static final ConversationSettings NONE = new ConversationSettings(null, null);
}
