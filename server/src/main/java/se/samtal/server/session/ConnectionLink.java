package se.samtal.server.session;

import se.samtal.server.gateway.Connection;
import se.samtal.signalling.feed.ClientLink;
import se.samtal.signalling.feed.SessionFact;

/** A WebSocket connection as a live session sees it: each fact it is told goes out as the frame {@link SessionWire} makes of it. */
final class ConnectionLink implements ClientLink {
    private final Connection connection;
    private final SessionWire wire;

    ConnectionLink(Connection connection, SessionWire wire) {
        this.connection = connection;
        this.wire = wire;
    }

    @Override
    public String connectionId() {
        return connection.connectionId();
    }

    @Override
    public void send(SessionFact fact) {
        connection.send(wire.frame(fact));
    }

    @Override
    public void close(int closeCode, String reason) {
        connection.close(closeCode, reason);
    }

    @Override
    public boolean isOpen() {
        return connection.isOpen();
    }
}
