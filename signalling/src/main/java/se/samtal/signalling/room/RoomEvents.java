package se.samtal.signalling.room;

import se.samtal.protocol.SessionStatus;
import se.samtal.signalling.call.CallEvents;

import java.time.Instant;

/**
 * What a {@link Room} tells the world as it changes, its call's reports included; its owner turns
 * each into facts. Called while the room is being changed (under its owner's lock):
 * implementations queue and return at once.
 */
public interface RoomEvents extends CallEvents {

    /**
     * A member's presence, stage or media changed. Everyone who {@link Room#canSee can see} the
     * member is told; if {@code hostsAndSelfOnly}, only hosts and the member themselves are
     * (the member has never been let in).
     */
    void changed(Member member, boolean hostsAndSelfOnly);

    /** The session moved on: {@code open} on the first arrival, {@code in_progress} when the first call formed. */
    void statusChanged(SessionStatus status);

    /** The scheduled end is near; {@code hardStopAt} is null if the session will not stop by itself. */
    void ending(Instant scheduledEnd, Instant hardStopAt);

    /** {@code member} was let in from the waiting room after waiting {@code waited}. */
    void admitted(Member member, java.time.Duration waited);

    /**
     * {@code member} was let in from the waiting room after waiting {@code waited}: by the host
     * {@code hostId}, or by the room's own rules ({@code null}: a role that waits only for a host,
     * or the entry gate opening).
     */
    default void admitted(Member member, java.time.Duration waited, String hostId) {
        admitted(member, waited);
    }

    /** A host turned {@code member} away; their connection should be closed for good. */
    void denied(Member member);

    /**
     * A host sent {@code member} back to the waiting room: whatever only admitted members may
     * follow (the session's chat) must stop reaching them.
     */
    void sentBack(Member member);
}
