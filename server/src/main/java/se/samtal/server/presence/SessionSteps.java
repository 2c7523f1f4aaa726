package se.samtal.server.presence;

import se.samtal.protocol.CloseCodes;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.IceServer;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.ServerMessage;
import se.samtal.recording.recorder.RecorderReport;
import se.samtal.server.auth.JoinGrant;
import se.samtal.server.auth.Principal;
import se.samtal.server.booking.Booking;
import se.samtal.server.id.OpaqueIds;
import se.samtal.signalling.room.Member;
import se.samtal.signalling.room.Room;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The changes a live session goes through, each from one {@link SessionState} to the next, with
 * its {@link Effects}: joining (also again, from another connection or node), acting on the room,
 * leaving, a dropped connection, the reconnect grace running out, the alarm, the end, a node
 * lost. Each either changes the state, or throws a {@link SamtalException} having changed
 * nothing; where the state lives and how the effects are carried out is the
 * {@link SessionSpace}'s business.
 */
final class SessionSteps {
    private final LiveSessionContext context;

    SessionSteps(LiveSessionContext context) {
        this.context = context;
    }

    /** The outcome of a join: the participant's id, and whether they came back to a place they held. */
    record Joined(String participantId, boolean returning) {
    }

    /**
     * Puts the principal in the session on {@code link}; once committed, the link is attached with
     * the {@code welcome}, then, on a resume, the missed events, then their call partner if they are
     * in a call. Someone who still holds a place (reconnecting, or connected on another device or
     * node) keeps it, stage and call included; the older connection is closed with
     * {@link CloseCodes#REPLACED}.
     *
     * @param bind connects the link to the session, right before its welcome is sent
     */
    Joined join(SessionState s, Principal principal, LinkRef linkRef, ClientLink link, String requestId,
                JoinGrant.Resume resume, Long lastSeq, Consumer<String> bind) {
        Room room = s.room();
        Seat known = s.seatOf(principal.ref());
        String id = known == null ? null : known.id;
        boolean returning = id != null && room.holdsPlace(id);
        List<EncodedMessage> missed = null;
        if (lastSeq != null && resume != null && s.streamId().equals(resume.streamId())) {
            String self = id;
            boolean host = principal.role().isHost();
            missed = s.history().after(lastSeq, s.seq(), subject -> host || subject.equals(self));
        }
        if (returning) {
            room.reconnect(id);
        } else {
            if (id == null) {
                id = resume != null && s.seat(resume.participantId()) == null ? resume.participantId() : OpaqueIds.next("p_");
            }
            s.recording().introduce(id, principal);
            room.arrive(id, principal.role(), principal.name()); // refuses (full, denied, ended) before anything changes
            s.addSeat(new Seat(id, principal, null, 0));
        }
        Seat seat = s.seat(id);
        Effects effects = s.effects();
        LinkRef previous = seat.link;
        seat.link = linkRef;
        clearGrace(s, seat);
        if (previous != null && !previous.equals(linkRef)) {
            effects.close(previous, CloseCodes.REPLACED, "joined from another connection");
        }
        Member me = room.member(id).orElseThrow();
        Booking booking = s.booking();
        var token = context.minter().resumeToken(principal, booking.id(), id, s.streamId());
        var welcome = new ServerMessage.Welcome(requestId, link.connectionId(), token.token(), context.heartbeatSeconds(),
                s.view(me), booking.view(), room.visibleTo(id).stream().map(s::view).toList(), s.seq(),
                lastSeq == null ? null : missed != null, iceServersFor(booking.tenantId(), id), context.clock().instant(),
                s.recording().snapshotFor(id));
        var first = new ArrayList<EncodedMessage>();
        first.add(EncodedMessage.of(context.codec(), welcome));
        if (missed != null) {
            first.addAll(missed);
        }
        room.pairingsOf(id).forEach(p -> first.add(EncodedMessage.of(context.codec(),
                new ServerMessage.CallPeer(p.peerId(), p.polite(), p.epoch()))));
        s.recording().openPrompts(id).forEach(prompt -> first.add(EncodedMessage.of(context.codec(), prompt)));
        String participantId = id;
        effects.attach(new Effects.Attach(link, id, principal.role().isHost(), s.seq(), first, () -> bind.accept(participantId)));
        if (!returning) {
            effects.afterCommit(() -> context.observer().participantJoined(booking, principal, participantId));
        }
        if (s.alarmAt() == null) {
            scheduleAlarm(s);
        }
        s.letInThoseTheGateNowAdmits();
        return new Joined(id, returning);
    }

    /** Runs {@code action} on the room for the participant on {@code link}, if that link still holds their place. */
    void act(SessionState s, LinkRef link, String participantId, Consumer<Room> action) {
        current(s, link, participantId);
        action.accept(s.room());
        s.letInThoseTheGateNowAdmits();
    }

    /**
     * Runs {@code action} on the session's recording rules for the participant on {@code link},
     * like {@link #act}: a refusal changes nothing.
     */
    void recording(SessionState s, LinkRef link, String participantId, Consumer<SessionRecording> action) {
        current(s, link, participantId);
        action.accept(s.recording());
        s.letInThoseTheGateNowAdmits();
    }

    /** The recorder reported on a recording of this session. */
    void recorderReported(SessionState s, String recordingId, RecorderReport report) {
        s.recording().recorderReported(recordingId, report);
        s.letInThoseTheGateNowAdmits();
    }

    /** The participant said goodbye. */
    void leave(SessionState s, LinkRef link, String participantId) {
        Seat seat = current(s, link, participantId);
        s.room().leave(participantId);
        seat.link = null;
        s.effects().detach(link);
        Booking booking = s.booking();
        s.effects().afterCommit(() -> context.observer().participantLeft(booking, seat.principal, participantId, "left"));
        s.letInThoseTheGateNowAdmits();
        retireIfEmpty(s);
    }

    /** The connection dropped without a goodbye: the participant keeps their place for the grace period. */
    void linkLost(SessionState s, LinkRef link, String participantId) {
        Seat seat = s.seat(participantId);
        if (seat != null && link.equals(seat.link)) {
            s.effects().detach(link);
            drop(s, seat);
        }
    }

    /** A node is gone (cluster mode): everyone whose connection was there dropped. */
    void nodeLost(SessionState s, String node) {
        for (Seat seat : s.seats()) {
            if (seat.link != null && seat.link.node().equals(node)) {
                drop(s, seat);
            }
        }
    }

    private void drop(SessionState s, Seat seat) {
        seat.link = null;
        s.room().dropped(seat.id);
        seat.drops++;
        s.effects().setTimer(TimerKey.grace(s.booking().id(), seat.id, seat.drops),
                context.clock().instant().plus(context.reconnectGrace()));
    }

    /** A grace timer ran out: unless the participant came back (or dropped again since), they are gone. */
    void graceExpired(SessionState s, TimerKey timer) {
        s.effects().clearTimer(timer);
        Seat seat = s.seat(timer.participantId());
        if (seat == null || seat.link != null || seat.drops != timer.drops() || !s.room().graceExpired(seat.id)) {
            return;
        }
        Booking booking = s.booking();
        s.effects().afterCommit(() -> context.observer().participantLeft(booking, seat.principal, seat.id, "disconnected"));
        s.letInThoseTheGateNowAdmits();
        retireIfEmpty(s);
    }

    /** The alarm rang: the end warning, then (if the tenant has one) the hard stop. */
    void alarm(SessionState s) {
        s.effects().clearTimer(TimerKey.alarm(s.booking().id()));
        s.alarmAt(null);
        if (s.room().alarm()) {
            SessionKey key = s.key();
            s.effects().afterCommit(() -> context.hardStop().accept(key));
        } else {
            scheduleAlarm(s);
        }
    }

    /** Ends the session for everyone: an event, then every connection closes with 4011. */
    void end(SessionState s, Booking ended, String reason) {
        s.booking(ended);
        s.recording().end();
        s.room().ended(ended.status());
        s.emit(seq -> new ServerMessage.SessionEnded(seq, reason));
        for (Seat seat : s.seats()) {
            clearGrace(s, seat);
            if (seat.link != null) {
                s.effects().close(seat.link, CloseCodes.SESSION_ENDED, "session ended");
                seat.link = null;
            }
        }
        s.effects().clearTimer(TimerKey.alarm(s.booking().id()));
        s.effects().over();
    }

    /** Fresh ICE servers (with TURN credentials) for a participant. */
    List<IceServer> iceServersFor(String tenantId, String participantId) {
        return context.turnOf().apply(tenantId).iceServersFor(participantId).stream()
                .map(e -> new IceServer(e.urls(), e.username(), e.credential())).toList();
    }

    /** The seat of {@code participantId} if {@code link} still holds it; otherwise {@code conflict}. */
    static Seat current(SessionState s, LinkRef link, String participantId) {
        Seat seat = s == null ? null : s.seat(participantId);
        if (seat == null || !link.equals(seat.link) || s.isOver()) {
            throw new SamtalException(ErrorCode.CONFLICT, "This connection no longer holds your place in the session.");
        }
        return seat;
    }

    static void clearGrace(SessionState s, Seat seat) {
        if (seat.drops > 0) {
            s.effects().clearTimer(TimerKey.grace(s.booking().id(), seat.id, seat.drops));
        }
    }

    private void scheduleAlarm(SessionState s) {
        s.room().nextAlarm().ifPresent(at -> {
            s.alarmAt(at);
            s.effects().setTimer(TimerKey.alarm(s.booking().id()), at);
        });
    }

    private static void retireIfEmpty(SessionState s) {
        if (s.room().presentCount() == 0) {
            s.effects().clearTimer(TimerKey.alarm(s.booking().id()));
            s.effects().retire();
        }
    }
}
