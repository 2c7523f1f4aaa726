package se.samtal.signalling.room;

/**
 * Whether a member may come in from the waiting room now, besides what the room's own rules
 * say. The server's recording rules use it to keep someone who has not agreed to be recorded in
 * the waiting room while a recording runs. Hosts are never kept out. Called under the room's lock.
 */
@FunctionalInterface
public interface EntryGate {
    /** Lets everyone in whom the room's rules let in. */
    EntryGate OPEN = member -> true;

    boolean mayEnter(Member member);
}
