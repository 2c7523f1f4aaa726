package se.samtal.signalling.room;

import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.PresenceState;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.Stage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The waiting room of a {@link Room}: who waits on arriving, who comes in by themselves once a
 * host is here, and what a host's letting in or turning away does. A host is never kept out; for
 * anyone else the {@link EntryGate} may say "not yet". Part of its room, under the same lock.
 */
final class WaitingRoom {
    private final RoomPolicy policy;
    private final EntryGate gate;
    private final Clock clock;
    private final RoomEvents events;
    private final Members members;

    WaitingRoom(RoomPolicy policy, EntryGate gate, Clock clock, RoomEvents events, Members members) {
        this.policy = policy;
        this.gate = gate;
        this.clock = clock;
        this.events = events;
        this.members = members;
    }

    /**
     * Where someone who just arrived goes: a host in at once; a role that does not wait by policy
     * in by itself if a host is here and the gate lets them; everyone else into the waiting room.
     */
    void placeArrival(Member member) {
        if (member.isHost() || (!policy.waits(member.role()) && members.hostPresent() && gate.mayEnter(member))) {
            letIn(member);
        } else {
            startWaiting(member);
        }
    }

    /** {@code member} waits from now (also when sent back). */
    void startWaiting(Member member) {
        member.stage = Stage.WAITING;
        member.waitingSince = clock.instant();
    }

    /** The host {@code hostId} lets {@code target} in; letting in someone already in changes nothing. */
    void admit(Member target, String hostId) {
        switch (target.stage) {
            case WAITING -> {
                if (!gate.mayEnter(target)) {
                    throw new SamtalException(ErrorCode.CONSENT_REQUIRED);
                }
                letIn(target, hostId);
                announce(target);
            }
            case ADMITTED, IN_CALL -> {
                // already in: safe to repeat
            }
            case LEFT -> throw new SamtalException(ErrorCode.CONFLICT, "That participant has left.");
        }
    }

    /** A host turns {@code target} away from the waiting room; they cannot come back to this session. */
    void deny(Member target) {
        if (target.stage != Stage.WAITING) {
            throw new SamtalException(ErrorCode.CONFLICT, "Only someone in the waiting room can be turned away.");
        }
        target.denied = true;
        target.presence = PresenceState.LEFT;
        target.stage = Stage.LEFT;
        target.waitingSince = null;
        announce(target);
        events.denied(target);
    }

    /** Lets in, if a host is here, those who wait only for a host and whom the entry gate now lets through. */
    void reconsider() {
        if (!members.hostPresent()) {
            return;
        }
        for (Member m : members.all()) {
            if (m.stage == Stage.WAITING && !policy.waits(m.role()) && m.holdsPlace() && gate.mayEnter(m)) {
                letIn(m);
                announce(m);
            }
        }
    }

    private void letIn(Member member) {
        letIn(member, null);
    }

    /** Lets {@code member} in: by the host {@code hostId}, or (null) by the room's own rules. */
    private void letIn(Member member, String hostId) {
        Instant since = member.waitingSince;
        member.stage = Stage.ADMITTED;
        member.everAdmitted = true;
        member.waitingSince = null;
        if (since != null) {
            events.admitted(member, Duration.between(since, clock.instant()), hostId);
        }
    }

    private void announce(Member member) {
        events.changed(member, !member.visibleToEveryone());
    }
}
