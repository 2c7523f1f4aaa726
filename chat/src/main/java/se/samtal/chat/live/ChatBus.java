package se.samtal.chat.live;

import java.util.Set;

/**
 * How a conversation's events reach the hubs of every node. Embedded there is one node and the
 * hub hands events on itself. In cluster mode the bus is Redis pub/sub: an event published on
 * one node comes back to every node's hub (the publisher's too) through {@link ChatHub#received},
 * in one order for all of them; and the bus knows who follows a conversation on other nodes.
 */
public interface ChatBus {

    /** Sends an event to every node's hub. Blocks (cluster mode): call it off event loops. */
    void publish(ConversationKey key, ChatEvent event, Audience audience);

    /** A connection on this node follows the conversation now. Must return at once. */
    void followed(ConversationKey key, String connectionId, String memberRef);

    /** A connection on this node no longer follows it. Must return at once. */
    void unfollowed(ConversationKey key, String connectionId);

    /** The refs of members who follow the conversation on other nodes. Blocks (cluster mode). */
    Set<String> followersElsewhere(ConversationKey key);
}
