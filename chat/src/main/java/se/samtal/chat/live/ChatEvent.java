package se.samtal.chat.live;

import se.samtal.chat.ConversationState;
import se.samtal.chat.message.Message;
import se.samtal.protocol.Role;

/** Something that happened in a conversation, for the members connected to it. Never stored (messages are, separately). */
public sealed interface ChatEvent {

    String conversationId();

    /** A message was stored. */
    record MessagePosted(Message message) implements ChatEvent {
        @Override
        public String conversationId() {
            return message.conversationId();
        }
    }

    /** A member's receipts moved forward. */
    record ReceiptMoved(String conversationId, String memberId, long deliveredSeq, long readSeq) implements ChatEvent {
    }

    /** A member is typing. */
    record Typing(String conversationId, String memberId, Role role, String name) implements ChatEvent {
    }

    /** The conversation changed (status, members, settings). */
    record Updated(String conversationId, ConversationState state) implements ChatEvent {
    }

    /** The subscriber may no longer follow the conversation: {@code removed} or {@code deleted}. It is unsubscribed. */
    record Revoked(String conversationId, String reason) implements ChatEvent {
    }
}
