package se.samtal.server.presence;

import se.samtal.server.auth.Principal;

/**
 * The transport side of one person in a live session: who vouched for them, the connection that
 * holds their place (null while they are away), and how often they dropped (numbering their
 * reconnect timers). Their state (presence, stage, media) lives in the session's
 * {@link se.samtal.signalling.room.Room}. Part of a {@link SessionState}.
 */
final class Seat {
    final String id;
    final Principal principal;
    LinkRef link;
    long drops;

    Seat(String id, Principal principal, LinkRef link, long drops) {
        this.id = id;
        this.principal = principal;
        this.link = link;
        this.drops = drops;
    }
}
