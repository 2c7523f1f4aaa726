package se.samtal.signalling.room;

import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.IceCandidate;
import se.samtal.protocol.MediaState;
import se.samtal.protocol.PresenceState;
import se.samtal.protocol.Role;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.SessionDescription;
import se.samtal.protocol.SessionStatus;
import se.samtal.protocol.Stage;
import se.samtal.signalling.call.Call;
import se.samtal.signalling.call.CallState;
import se.samtal.signalling.call.Pairing;
import se.samtal.signalling.call.CallLimits;
import se.samtal.signalling.call.CallPeople;
import se.samtal.signalling.call.CallView;
import se.samtal.signalling.call.BridgedOffer;
import se.samtal.signalling.call.GroupCall;
import se.samtal.signalling.call.bridge.BridgeReport;
import se.samtal.signalling.media.Candidate;
import se.samtal.signalling.media.Source;
import se.samtal.signalling.media.Transport;
import se.samtal.signalling.call.SignalRules;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A video visit while people are in it: the session's state (scheduled → open → in progress →
 * ended), each member's way through it (waiting room → admitted → in call → left), and what
 * hosts may do. Who of those let in may enter the call is the room's rule; how many the call
 * takes, who connects to whom and what is relayed between them is the {@link Call}'s.
 *
 * <p>Every method either changes the room and reports the change to {@link RoomEvents}, or
 * throws a {@link SamtalException} and changes nothing. Not thread-safe: the owner calls it
 * under one lock, and the events it reports are delivered in the order they happened.
 */
public final class Room {
    private final Members members = new Members();
    private final WaitingRoom waitingRoom;
    private final RoomPolicy policy;
    private final EndSchedule schedule;
    private final Clock clock;
    private final RoomEvents events;
    private SessionStatus status;
    private final Call call;
    private final RoomCall roomCall;

    /** Calls of two only: what a room has unless it is given its tenant's kind of call. */
    public static final Call.Factory CALLS_OF_TWO = GroupCall.factory(new CallLimits(2, 2, false));

    /**
     * A room with calls of two, whose members enter by the room's rules alone.
     *
     * @param status       the booking's status now ({@code scheduled}, {@code open} or {@code in_progress})
     * @param scheduledEnd when the booking says the visit ends
     */
    public Room(RoomPolicy policy, SessionStatus status, Instant scheduledEnd, Clock clock, RoomEvents events) {
        this(policy, status, scheduledEnd, clock, events, EntryGate.OPEN, CALLS_OF_TWO, null);
    }

    /**
     * @param gate  may keep a member in the waiting room who the room's rules would let in (never a host)
     * @param calls makes the room's call
     */
    public Room(RoomPolicy policy, SessionStatus status, Instant scheduledEnd, Clock clock, RoomEvents events, EntryGate gate,
                Call.Factory calls) {
        this(policy, status, scheduledEnd, clock, events, gate, calls, null);
    }

    private Room(RoomPolicy policy, SessionStatus status, Instant scheduledEnd, Clock clock, RoomEvents events, EntryGate gate,
                 Call.Factory calls, CallState keptCall) {
        this.policy = policy;
        this.status = status;
        this.schedule = new EndSchedule(scheduledEnd, policy.endWarning(), policy.hardStopAfter());
        this.clock = clock;
        this.events = events;
        this.waitingRoom = new WaitingRoom(policy, gate, clock, events, members);
        this.call = calls.open(events, new CallPeople() {
            @Override
            public boolean reachable(String participantId) {
                return members.reachable(participantId);
            }

            @Override
            public boolean sends(String participantId) {
                Member member = members.get(participantId);
                return member == null || member.role() != Role.OBSERVER;
            }
        }, keptCall);
        this.roomCall = new RoomCall(this, call, members);
    }

    /** Everything the room knows, to be kept elsewhere and {@link #restore restored} (cluster mode). */
    public RoomState snapshot() {
        return new RoomState(status, members.arrivals(), schedule.warned(), members.all().stream().map(Member::state).toList(),
                call.snapshot());
    }

    /**
     * A room exactly as {@code state} describes it, with this node's policy, clock, events, entry
     * gate and kind of call; it goes on as the room that was snapshot would have.
     */
    public static Room restore(RoomPolicy policy, Instant scheduledEnd, Clock clock, RoomEvents events, EntryGate gate,
                               Call.Factory calls, RoomState state) {
        var room = new Room(policy, state.status(), scheduledEnd, clock, events, gate, calls, state.call());
        room.members.restore(state.arrivals(), state.members());
        room.schedule.restoreWarned(state.warned());
        return room;
    }

    // ---- arriving, presence, leaving ----

    /**
     * Someone arrives who holds no place (new, or back after leaving or being disconnected).
     * Hosts are let in at once; everyone else waits (roles that do not wait by policy are let in
     * by themselves as soon as a host is present).
     */
    public Member arrive(String id, Role role, String name) {
        if (status.isFinal()) {
            throw new SamtalException(status == SessionStatus.CANCELLED ? ErrorCode.SESSION_CANCELLED : ErrorCode.SESSION_ENDED);
        }
        Member member = members.get(id);
        if (member != null && member.denied) {
            throw new SamtalException(ErrorCode.ADMISSION_DENIED);
        }
        if (member != null && member.holdsPlace()) {
            throw new IllegalStateException("arrive for a member who holds a place; use reconnect");
        }
        if (members.holdingPlaces() >= policy.maxParticipants()) {
            throw new SamtalException(ErrorCode.SESSION_FULL);
        }
        if (member == null) {
            member = new Member(id, role, name);
        }
        members.arrived(member);
        member.presence = PresenceState.JOINED;
        member.media = MediaState.DEFAULT;
        if (status == SessionStatus.SCHEDULED) {
            status = SessionStatus.OPEN;
            events.statusChanged(status);
        }
        waitingRoom.placeArrival(member);
        announce(member);
        if (role.isHost()) {
            waitingRoom.reconsider();
        }
        return member;
    }

    /** A member who holds a place connects again (resume within the grace period, or another device). */
    public Member reconnect(String id) {
        Member member = members.existing(id);
        if (!member.holdsPlace()) {
            throw new IllegalStateException("reconnect for a member who holds no place; use arrive");
        }
        if (member.presence == PresenceState.RECONNECTING) {
            member.presence = PresenceState.JOINED;
            announce(member);
        }
        return member;
    }

    /** Whether {@code id} is someone who still holds a place (and so reconnects rather than arrives). */
    public boolean holdsPlace(String id) {
        Member member = members.get(id);
        return member != null && member.holdsPlace();
    }

    /** {@code joined} or {@code away}, as the member says. */
    public void setPresence(String id, PresenceState presence) {
        if (presence != PresenceState.JOINED && presence != PresenceState.AWAY) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "Presence can be set to 'joined' or 'away'.");
        }
        Member member = present(id);
        if (member.presence != presence) {
            member.presence = presence;
            announce(member);
        }
    }

    /** The member's connection dropped without a goodbye: they keep their place, also in the call, for the grace period. */
    public void dropped(String id) {
        Member member = members.get(id);
        if (member != null && member.presence.isConnected()) {
            member.presence = PresenceState.RECONNECTING;
            announce(member);
        }
    }

    /** The grace period passed without a reconnect: the member is gone and their call place is free. */
    public boolean graceExpired(String id) {
        Member member = members.get(id);
        if (member == null || member.presence != PresenceState.RECONNECTING) {
            return false;
        }
        depart(member, PresenceState.DISCONNECTED);
        return true;
    }

    /** The member said goodbye. */
    public void leave(String id) {
        depart(present(id), PresenceState.LEFT);
    }

    private void depart(Member member, PresenceState presence) {
        call.leave(member.id());
        member.presence = presence;
        member.stage = Stage.LEFT;
        member.waitingSince = null;
        announce(member);
    }

    // ---- hosts ----

    /** A host lets a waiting member in. Letting in someone already in changes nothing. */
    public void admit(String hostId, String targetId) {
        requireManager(hostId);
        waitingRoom.admit(target(targetId), hostId);
    }

    /** A host turns a waiting member away; they cannot come back to this session. */
    public void deny(String hostId, String targetId) {
        requireManager(hostId);
        waitingRoom.deny(target(targetId));
    }

    /** A host sends an admitted member (also one in the call) back to the waiting room. */
    public void sendBack(String hostId, String targetId) {
        requireManager(hostId);
        Member target = target(targetId);
        if (target.isHost()) {
            throw new SamtalException(ErrorCode.FORBIDDEN, "Therapists never wait.");
        }
        switch (target.stage) {
            case ADMITTED, IN_CALL -> {
                call.leave(target.id());
                waitingRoom.startWaiting(target);
                announce(target);
                events.sentBack(target);
            }
            case WAITING -> {
                // already waiting: safe to repeat
            }
            case LEFT -> throw new SamtalException(ErrorCode.CONFLICT, "That participant has left.");
        }
    }

    /**
     * Checks that {@code id} has been let in: what only admitted members may use (the session's
     * chat) is refused from the waiting room with {@code not_admitted}.
     */
    public void checkAdmitted(String id) {
        if (present(id).stage == Stage.WAITING) {
            throw new SamtalException(ErrorCode.NOT_ADMITTED);
        }
    }

    /** Checks that {@code hostId} may end the session for everyone. */
    public void checkMayEnd(String hostId) {
        requireManager(hostId);
    }

    /** The session is over (ended or cancelled): no one can arrive any more. */
    public void ended(SessionStatus finalStatus) {
        status = finalStatus;
        call.end();
    }

    // ---- the call ----

    /** The room's call, as its members use it: entering, leaving, signalling, media. */
    public RoomCall call() {
        return roomCall;
    }

    /** The first connection of the call puts the session in progress. */
    void callConnected() {
        if (status == SessionStatus.OPEN || status == SessionStatus.SCHEDULED) {
            status = SessionStatus.IN_PROGRESS;
            events.statusChanged(status);
        }
    }

    // ---- the clock ----

    /** When {@link #alarm} should next run, if ever. */
    public Optional<Instant> nextAlarm() {
        return schedule.next();
    }

    /**
     * Runs what is due: the end warning, then the hard stop. Returns true when the hard stop is due
     * (the owner then ends the session with reason {@code scheduled_end}).
     */
    public boolean alarm() {
        Instant now = clock.instant();
        if (status.isFinal()) {
            return false;
        }
        if (schedule.warningDue(now)) {
            events.ending(schedule.scheduledEnd(), schedule.hardStopAt());
        }
        return schedule.hardStopDue(now);
    }

    // ---- reading ----

    public SessionStatus status() {
        return status;
    }

    public Optional<Member> member(String id) {
        return Optional.ofNullable(members.get(id));
    }

    public Collection<Member> members() {
        return List.copyOf(members.all());
    }

    /** Members holding a place (connected, away or reconnecting). */
    public int presentCount() {
        return members.holdingPlaces();
    }

    /** Whether {@code viewer} is told about {@code subject}: hosts see everyone, others see those who have been let in. */
    public boolean canSee(Member viewer, Member subject) {
        return Members.canSee(viewer, subject);
    }

    /** Everyone {@code viewerId} can see, in order of arrival, themselves included. */
    public List<Member> visibleTo(String viewerId) {
        return members.visibleTo(viewerId);
    }

    // ---- inside ----

    /** Lets in, if a host is here, those who wait only for a host and whom the entry gate now lets through. */
    public void reconsiderWaiting() {
        waitingRoom.reconsider();
    }

    void announce(Member member) {
        events.changed(member, !member.visibleToEveryone());
    }

    /** A host who may manage the room: the leading therapist, or any therapist if co-hosts may. */
    private void requireManager(String hostId) {
        Member host = present(hostId);
        if (!host.isHost()) {
            throw new SamtalException(ErrorCode.FORBIDDEN, "Only a therapist (host) can do this.");
        }
        if (!policy.coHostsMayAdmit() && host != members.leadingHost()) {
            throw new SamtalException(ErrorCode.FORBIDDEN, "Only the leading therapist can do this in this service.");
        }
    }

    private Member target(String id) {
        return members.target(id);
    }

    private Member present(String id) {
        return members.present(id);
    }
}
