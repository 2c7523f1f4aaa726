package se.samtal.server.presence;

/**
 * A connected client as a live session sees it: something to send encoded frames to and to close.
 * Both calls must return at once (they are made while the session's state is locked).
 */
public interface ClientLink {

    String connectionId();

    /** Queues an encoded server message for the client. */
    void send(EncodedMessage message);

    /** Closes the connection with a WebSocket close code, after anything already queued. */
    void close(int closeCode, String reason);

    /** Whether the connection is still open (a closed one may still be attached while its loss is being recorded). */
    default boolean isOpen() {
        return true;
    }
}
