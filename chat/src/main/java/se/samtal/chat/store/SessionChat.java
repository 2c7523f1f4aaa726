package se.samtal.chat.store;

import se.samtal.chat.conversation.Conversation;
import se.samtal.chat.conversation.Member;

/** A session's chat and the person who entered it, as a member. */
public record SessionChat(Conversation conversation, Member member) {
}
