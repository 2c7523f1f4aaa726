package se.samtal.server.gateway;

import se.samtal.server.auth.ConversationGrant;

import java.util.function.Consumer;

/**
 * The way into a care conversation for a connection opened with a conversation's link (the chat
 * integration implements it). Blocks on the store: called off the event loop.
 */
@FunctionalInterface
public interface ConversationDoor {

    /**
     * Checks the grant against the conversation and its members, binds the connection's seat
     * through {@code bind}, and queues the {@code welcome}; throws a typed error to refuse.
     *
     * @return the member id
     */
    String open(ConversationGrant grant, Connection connection, String requestId, Consumer<Seat> bind);

    /** A door that opens nothing: for a server without chat. */
    ConversationDoor CLOSED = (grant, connection, requestId, bind) -> {
        throw new se.samtal.protocol.SamtalException(se.samtal.protocol.ErrorCode.CONVERSATION_NOT_FOUND);
    };
}
