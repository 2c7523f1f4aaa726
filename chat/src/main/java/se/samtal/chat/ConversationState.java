package se.samtal.chat;

import se.samtal.chat.conversation.Conversation;
import se.samtal.chat.conversation.Member;
import se.samtal.chat.expectation.Expectations;

import java.util.List;

/** A conversation with its current members (and their receipts) and what members are told to expect. */
public record ConversationState(Conversation conversation, List<Member> members, Expectations expectations) {
}
