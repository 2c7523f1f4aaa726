package se.samtal.signalling.room;

import se.samtal.protocol.IceCandidate;
import se.samtal.protocol.SessionDescription;
import se.samtal.protocol.SessionStatus;

import java.time.Instant;

/**
 * What a {@link Room} tells the world as it changes; the server turns each call into frames.
 * Called while the room is being changed (under its owner's lock): implementations queue and
 * return at once.
 */
public interface RoomEvents {

    /**
     * A member's presence, stage or media changed. Everyone who {@link Room#canSee can see} the
     * member is told; if {@code hostsAndSelfOnly}, only hosts and the member themselves are
     * (the member has never been let in).
     */
    void changed(Member member, boolean hostsAndSelfOnly);

    /** {@code to}'s call partner is now {@code peer} (null: none), with their negotiation role and connection epoch. */
    void callPeer(Member to, Member peer, boolean polite, long epoch);

    /** Signalling from {@code from} for {@code to}, both in the same call. */
    void relay(Member to, Member from, long epoch, SessionDescription description, IceCandidate candidate);

    /** The session moved on: {@code open} on the first arrival, {@code in_progress} when the first call formed. */
    void statusChanged(SessionStatus status);

    /** The scheduled end is near; {@code hardStopAt} is null if the session will not stop by itself. */
    void ending(Instant scheduledEnd, Instant hardStopAt);

    /** {@code member} was let in from the waiting room after waiting {@code waited}. */
    void admitted(Member member, java.time.Duration waited);

    /** A host turned {@code member} away; their connection should be closed for good. */
    void denied(Member member);

    /**
     * A host sent {@code member} back to the waiting room: whatever only admitted members may
     * follow (the session's chat) must stop reaching them.
     */
    void sentBack(Member member);
}
