package se.samtal.signalling.live;

import se.samtal.signalling.feed.LinkRef;
import se.samtal.signalling.visit.Principal;

/**
 * One person's place in a live session, as far as the room does not keep it: who vouched for them,
 * the connection that holds the place (null while they are away), and how often they dropped
 * (numbering their reconnect timers). Their presence, stage and media live in the session's
 * {@link se.samtal.signalling.room.Room}. Part of a {@link SessionState}.
 */
final class Place {
    final String id;
    final Principal principal;
    LinkRef link;
    long drops;

    Place(String id, Principal principal, LinkRef link, long drops) {
        this.id = id;
        this.principal = principal;
        this.link = link;
        this.drops = drops;
    }
}
