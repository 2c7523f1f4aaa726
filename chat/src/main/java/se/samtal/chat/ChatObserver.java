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

    /** A care conversation was closed, with a closing code or none ({@code conversation.closingCode()}). */
    default void conversationClosed(Conversation conversation) {
    }

    /** A closed care conversation was opened again. */
    default void conversationReopened(Conversation conversation) {
    }

    /** The platform deleted a conversation with everything in it. */
    default void conversationDeleted(String tenantId, String conversationId) {
    }

    /** Calls every observer in turn. */
    static ChatObserver all(ChatObserver... observers) {
        var list = List.of(observers);
        return new ChatObserver() {
            @Override
            public void messageStored(Conversation conversation, Message message, List<Member> offline) {
                list.forEach(o -> o.messageStored(conversation, message, offline));
            }

            @Override
            public void conversationClosed(Conversation conversation) {
                list.forEach(o -> o.conversationClosed(conversation));
            }

            @Override
            public void conversationReopened(Conversation conversation) {
                list.forEach(o -> o.conversationReopened(conversation));
            }

            @Override
            public void conversationDeleted(String tenantId, String conversationId) {
                list.forEach(o -> o.conversationDeleted(tenantId, conversationId));
            }
        };
    }
}
