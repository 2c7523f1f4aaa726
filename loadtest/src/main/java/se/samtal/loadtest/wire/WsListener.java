package se.samtal.loadtest.wire;

import io.netty.buffer.ByteBuf;

/**
 * What a load-client connection does with what the server sends. Called on the connection's event
 * loop; never block in it. The text frame's content is only valid during the call.
 */
public interface WsListener {

    /** The WebSocket handshake completed: the connection may send. */
    default void opened(WsConnection connection) {
    }

    /** A text frame arrived. */
    void text(WsConnection connection, ByteBuf utf8);

    /**
     * The connection is gone: {@code code} is the close code the server sent, or 1006 if the
     * socket closed without one (or never opened).
     */
    default void closed(WsConnection connection, int code) {
    }
}
