package se.samtal.chat.live;

/**
 * A connection following a conversation: the gateway's side of the fan-out port. A cluster
 * implementation of the hub would reach subscribers on other nodes through Redis.
 */
public interface ChatSubscriber {

    /** Unique per connection; one connection has at most one subscription per conversation. */
    String connectionId();

    /**
     * Queues an event for the connection. Called with the conversation's fan-out locked, so it
     * must return at once and never block.
     */
    void deliver(ChatEvent event);
}
