package se.samtal.chat.store;

import se.samtal.chat.conversation.Conversation;
import se.samtal.chat.conversation.Member;

import java.util.List;

/** A conversation as one member sees it at one moment. */
public record Snapshot(Conversation conversation, List<Member> members, Member you, int unread, HistoryPage page) {
}
