package se.samtal.server.chat;

import se.samtal.chat.live.ChatEvent;
import se.samtal.chat.live.ChatSubscriber;
import se.samtal.protocol.CloseCodes;
import se.samtal.server.gateway.Connection;

/**
 * A WebSocket connection following a conversation. A connection opened for a care conversation
 * that is revoked (member removed, conversation deleted) has nothing left to do and is closed
 * normally after the {@code chat.revoked} event.
 */
final class ConnectionSubscriber implements ChatSubscriber {
    private final Connection connection;
    private final ChatWire wire;

    ConnectionSubscriber(Connection connection, ChatWire wire) {
        this.connection = connection;
        this.wire = wire;
    }

    @Override
    public String connectionId() {
        return connection.connectionId();
    }

    @Override
    public void deliver(ChatEvent event) {
        connection.send(wire.frame(event, connection.codec()));
        var seat = connection.seat();
        if (event instanceof ChatEvent.Revoked revoked && seat != null
                && revoked.conversationId().equals(seat.conversationId())) {
            connection.close(CloseCodes.NORMAL, "no longer in the conversation");
        }
    }
}
