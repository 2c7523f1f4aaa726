package se.samtal.chat.store;

import se.samtal.chat.conversation.Conversation;
import se.samtal.chat.conversation.Member;
import se.samtal.chat.message.Message;

import java.util.List;

/**
 * A stored message, with the conversation and its current members as they were right after it.
 *
 * @param duplicate   the idempotency key had been used: {@code message} is the one stored then
 * @param chain       the message's link in the conversation's hash chain (hex); null where the store keeps no chain
 * @param opensHour   the sender's first message in this conversation in this clock hour (UTC): the
 *                    one whose audit entry stands for the sender's messages of that hour (the
 *                    embedded store; never for a duplicate)
 */
public record Appended(Message message, boolean duplicate, Conversation conversation, List<Member> members, String chain,
                       boolean opensHour) {

    /** A store that keeps no chain (every new message has an entry of its own). */
    public Appended(Message message, boolean duplicate, Conversation conversation, List<Member> members) {
        this(message, duplicate, conversation, members, null, !duplicate);
    }
}
