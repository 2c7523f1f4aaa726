package se.samtal.chat.store;

import se.samtal.chat.conversation.Conversation;
import se.samtal.chat.conversation.Member;
import se.samtal.chat.message.Message;

import java.util.List;

/**
 * A stored message, with the conversation and its current members as they were right after it.
 *
 * @param duplicate the idempotency key had been used: {@code message} is the one stored then
 */
public record Appended(Message message, boolean duplicate, Conversation conversation, List<Member> members) {
}
