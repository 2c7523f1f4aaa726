package se.samtal.chat.live;

import se.samtal.chat.message.Message;

import java.util.List;

/**
 * Reads stored messages for the fan-out, when a node finds it missed some (cluster mode: a
 * message's event overtook an earlier one on the bus, or events were lost while the bus was
 * down). Blocks.
 */
@FunctionalInterface
public interface Backfill {

    /** The conversation's messages after {@code afterSeq}, at most {@code limit}, in order. */
    List<Message> after(ConversationKey key, long afterSeq, int limit);
}
