package se.samtal.chat;

import se.samtal.chat.conversation.Conversation;
import se.samtal.chat.conversation.Member;
import se.samtal.chat.message.Message;

import java.util.List;

/** Told when something worth telling the outside world happens (webhooks, metrics). Must return at once. */
public interface ChatObserver {
    ChatObserver NONE = new ChatObserver() {
    };

    /**
     * A message was durably stored.
     *
     * @param offline the current members, other than the sender, with no connection following
     *                the conversation: the platform may want to notify them its own way
     */
    default void messageStored(Conversation conversation, Message message, List<Member> offline) {
    }
}
