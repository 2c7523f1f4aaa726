package se.samtal.signalling.feed;

/**
 * A connected client as a live session sees it: something to tell facts to and to close. The
 * server's implementation turns each fact into a frame. Both calls must return at once (they are
 * made while a session's feed is locked).
 */
public interface ClientLink {

    String connectionId();

    /** Queues what the session tells this client. */
    void send(SessionFact fact);

    /** Closes the connection with a WebSocket close code, after anything already queued. */
    void close(int closeCode, String reason);

    /** Whether the connection is still open (a closed one may still be attached while its loss is being recorded). */
    default boolean isOpen() {
        return true;
    }
}
