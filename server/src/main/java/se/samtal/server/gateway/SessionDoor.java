package se.samtal.server.gateway;

import se.samtal.server.auth.JoinGrant;

import java.util.function.Consumer;

/**
 * The way into a live session for a connection opened with a session's link or resume token (the
 * sessions implement it). Blocks on the stores: called off the event loop.
 */
@FunctionalInterface
public interface SessionDoor {

    /**
     * Checks the grant against the booking and the tenant's rules, spends a single-use token, and
     * puts the person in their session; the connection's seat is bound through {@code bind} right
     * before the welcome is queued. Throws a typed error to refuse.
     *
     * @param lastSeq the last event the client saw, on a resume; null for a fresh start
     * @return the seat the connection holds now
     */
    Seat enter(JoinGrant grant, Connection connection, String requestId, Long lastSeq, Consumer<Seat> bind);
}
