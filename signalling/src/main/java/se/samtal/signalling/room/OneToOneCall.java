package se.samtal.signalling.room;

import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.IceCandidate;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.SessionDescription;
import se.samtal.protocol.Stage;

import java.util.Collection;
import java.util.Optional;

/**
 * The call of a room: at most two members in it, the pair's negotiation roles and connection
 * epoch, and what may be relayed between them. Part of its {@link Room}, under the same lock.
 */
final class OneToOneCall {
    private final RoomEvents events;
    private Call pair;
    private long epochs;
    private long entries;

    OneToOneCall(RoomEvents events) {
        this.events = events;
    }

    /**
     * Puts an admitted member in the call with a fresh peer connection. With someone else in the
     * call, both are told who their peer is, with a new epoch. Returns whether they have a peer.
     */
    boolean enter(Member member, Collection<Member> everyone) {
        Member other = null;
        int others = 0;
        for (Member m : everyone) {
            if (m != member && m.stage == Stage.IN_CALL) {
                other = other == null ? m : other;
                others++;
            }
        }
        if (others >= 2) {
            throw new SamtalException(ErrorCode.CALL_FULL);
        }
        if (member.stage != Stage.IN_CALL) {
            member.stage = Stage.IN_CALL;
            member.enteredCall = ++entries;
            events.changed(member, !member.visibleToEveryone());
        }
        member.candidatesSinceDescription = 0;
        if (other == null) {
            return false;
        }
        if (pair == null || !pair.isBetween(member, other)) {
            boolean memberFirst = member.enteredCall < other.enteredCall;
            pair = new Call(memberFirst ? member : other, memberFirst ? other : member, 0);
        }
        pair.epoch = ++epochs;
        other.candidatesSinceDescription = 0;
        events.callPeer(pair.polite, pair.impolite, true, pair.epoch);
        events.callPeer(pair.impolite, pair.polite, false, pair.epoch);
        return true;
    }

    /** Takes the member out of the pair, if they were in it, and tells their peer they are alone. */
    void hangUp(Member member) {
        if (pair != null && pair.has(member)) {
            Member peer = pair.peerOf(member);
            pair = null;
            events.callPeer(peer, null, false, ++epochs);
        }
    }

    /** Relays signalling from {@code from} to {@code to}, if they are the two of the call. */
    void relay(Member from, Member to, Long epoch, SessionDescription description, IceCandidate candidate) {
        if (from.stage != Stage.IN_CALL || pair == null || !pair.has(from)) {
            throw new SamtalException(ErrorCode.NOT_IN_CALL, "You are not in a call with anyone.");
        }
        if (to == null || !pair.isBetween(from, to)) {
            throw new SamtalException(ErrorCode.NOT_IN_CALL, "The participant you address is not in your call.");
        }
        if (epoch == null || epoch != pair.epoch) {
            throw new SamtalException(ErrorCode.CONFLICT, "This signal is for an older peer connection (epoch "
                    + pair.epoch + " is current).");
        }
        if (!to.presence.isConnected()) {
            throw new SamtalException(ErrorCode.UNAVAILABLE,
                    "Your peer is reconnecting; they keep their place. Negotiate again when they are back.");
        }
        if (candidate != null) {
            if (from.candidatesSinceDescription >= SignalRules.MAX_CANDIDATES_PER_DESCRIPTION) {
                throw new SamtalException(ErrorCode.TOO_MANY_CANDIDATES, "At most "
                        + SignalRules.MAX_CANDIDATES_PER_DESCRIPTION + " candidates per session description.");
            }
            from.candidatesSinceDescription++;
        } else {
            from.candidatesSinceDescription = 0;
        }
        events.relay(to, from, pair.epoch, description, candidate);
    }

    Optional<Room.Pairing> pairingOf(Member member) {
        if (member == null || pair == null || !pair.has(member)) {
            return Optional.empty();
        }
        return Optional.of(new Room.Pairing(pair.peerOf(member), pair.isPolite(member), pair.epoch));
    }

    long epochs() {
        return epochs;
    }

    long entries() {
        return entries;
    }

    RoomState.CallState pairState() {
        return pair == null ? null : new RoomState.CallState(pair.polite.id(), pair.impolite.id(), pair.epoch);
    }

    /** Takes up the counters and the pair of a snapshot; {@code members} are the restored room's. */
    void restore(long epochCount, long entryCount, RoomState.CallState state, java.util.Map<String, Member> members) {
        epochs = epochCount;
        entries = entryCount;
        pair = state == null ? null : new Call(members.get(state.polite()), members.get(state.impolite()), state.epoch());
    }

    /** The session is over: no pair any more. */
    void clear() {
        pair = null;
    }
}
