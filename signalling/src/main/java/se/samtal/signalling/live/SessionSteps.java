package se.samtal.signalling.live;

import se.samtal.signalling.call.bridge.BridgeReport;
import se.samtal.protocol.CloseCodes;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.recording.recorder.RecorderReport;
import se.samtal.recording.session.Effect;
import se.samtal.signalling.feed.ClientLink;
import se.samtal.signalling.feed.LinkRef;
import se.samtal.signalling.feed.Output;
import se.samtal.signalling.feed.SessionFact;
import se.samtal.signalling.room.Member;
import se.samtal.signalling.room.Room;
import se.samtal.signalling.visit.Booking;
import se.samtal.signalling.visit.Principal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The changes a live session goes through, each from one {@link SessionState} to the next within
 * a {@link Change}: joining (also again, from another connection or node), acting on the room,
 * the recording rules, leaving, a dropped connection, the reconnect grace running out, the alarm,
 * the end, a node lost. Each either changes the state, or throws a {@link SamtalException} having
 * changed nothing; what they tell anyone is facts. Where the state lives and how the effects are
 * carried out is the {@link SessionSpace}'s business.
 */
final class SessionSteps {
    private final LiveSessionContext context;

    SessionSteps(LiveSessionContext context) {
        this.context = context;
    }

    /**
     * Puts the principal in the session on {@code link}; once committed, the link is attached with
     * the welcome, then, on a resume, the missed events, then their call partner if they are in a
     * call, then the questions they have not answered. Someone who still holds a place
     * (reconnecting, or connected on another device or node) keeps it, stage and call included;
     * the older connection is closed with {@link CloseCodes#REPLACED}. Returns the participant id.
     *
     * @param bind connects the link to the session, right before its welcome is sent
     */
    String join(Change c, Principal principal, LinkRef linkRef, ClientLink link, String requestId, Resume resume,
                Long lastSeq, Consumer<String> bind) {
        SessionState s = c.state();
        Room room = s.room();
        Place known = s.placeOf(principal.ref());
        String id = known == null ? null : known.id;
        boolean returning = id != null && room.holdsPlace(id);
        List<SessionFact.Numbered> missed = null;
        if (lastSeq != null && resume != null && s.streamId().equals(resume.streamId())) {
            String self = id;
            boolean host = principal.role().isHost();
            missed = c.history().after(lastSeq, s.seq(), subject -> host || subject.equals(self));
        }
        if (returning) {
            room.reconnect(id);
        } else {
            if (id == null) {
                id = resume != null && s.place(resume.participantId()) == null ? resume.participantId() : context.ids().next("p_");
            }
            s.recording().introduce(id, principal);
            room.arrive(id, principal.role(), principal.name()); // refuses (full, denied, ended) before anything changes
            s.addPlace(new Place(id, principal, null, 0));
        }
        Place place = s.place(id);
        Effects effects = c.effects();
        LinkRef previous = place.link;
        place.link = linkRef;
        c.clearGrace(place);
        if (previous != null && !previous.equals(linkRef)) {
            effects.close(previous, CloseCodes.REPLACED, "joined from another connection");
        }
        Member me = room.member(id).orElseThrow();
        Booking booking = s.booking();
        var first = new ArrayList<SessionFact>();
        first.add(new SessionFact.Welcomed(requestId, link.connectionId(), principal, booking, s.streamId(), c.view(me),
                room.visibleTo(id).stream().map(c::view).toList(), s.seq(), lastSeq == null ? null : missed != null,
                s.recording().snapshotFor(id)));
        if (missed != null) {
            first.addAll(missed);
        }
        room.call().pairingsOf(id).forEach(p -> first.add(new SessionFact.PeerChanged(p.peerId(), p.polite(), p.epoch())));
        room.call().callViewOf(id).ifPresent(view -> first.add(new SessionFact.CallChanged(view)));
        room.call().offerOf(id).ifPresent(offer -> first.add(new SessionFact.BridgeOffered(offer)));
        s.recording().openPrompts(id).forEach(prompt -> first.add(c.question(prompt)));
        String participantId = id;
        effects.attach(new Output.Attach(link, id, principal.role().isHost(), s.seq(), first, () -> bind.accept(participantId)));
        if (!returning) {
            effects.afterCommit(() -> context.observer().participantJoined(booking, principal, participantId));
        }
        if (s.alarmAt() == null) {
            scheduleAlarm(c);
        }
        c.letInThoseTheGateNowAdmits();
        return id;
    }

    /** Runs {@code action} on the room for the participant on {@code link}, if that link still holds their place. */
    void act(Change c, LinkRef link, String participantId, Consumer<Room> action) {
        current(c.state(), link, participantId);
        action.accept(c.state().room());
        c.letInThoseTheGateNowAdmits();
    }

    /** Runs {@code action} on the session's recording rules for the participant on {@code link}, like {@link #act}. */
    void recording(Change c, LinkRef link, String participantId, Function<SessionRecording, List<Effect>> action) {
        current(c.state(), link, participantId);
        c.carryOut(action.apply(c.state().recording()), null);
        c.letInThoseTheGateNowAdmits();
    }

    /** The video bridge reported about the session's call. */
    void bridgeReported(Change c, BridgeReport report) {
        c.state().room().call().bridgeReported(report);
        c.letInThoseTheGateNowAdmits();
    }

    /** The recorder reported on a recording of this session. */
    void recorderReported(Change c, String recordingId, RecorderReport report) {
        c.recorderReported(recordingId, report);
        c.letInThoseTheGateNowAdmits();
    }

    /** The participant said goodbye. */
    void leave(Change c, LinkRef link, String participantId) {
        SessionState s = c.state();
        Place place = current(s, link, participantId);
        s.room().leave(participantId);
        place.link = null;
        c.effects().detach(link);
        Booking booking = s.booking();
        c.effects().afterCommit(() -> context.observer().participantLeft(booking, place.principal, participantId, "left"));
        c.letInThoseTheGateNowAdmits();
        retireIfEmpty(c);
    }

    /** The connection dropped without a goodbye: the participant keeps their place for the grace period. */
    void linkLost(Change c, LinkRef link, String participantId) {
        Place place = c.state().place(participantId);
        if (place != null && link.equals(place.link)) {
            c.effects().detach(link);
            drop(c, place);
        }
    }

    /** A node is gone (cluster mode): everyone whose connection was there dropped. */
    void nodeLost(Change c, String node) {
        for (Place place : c.state().places()) {
            if (place.link != null && place.link.node().equals(node)) {
                drop(c, place);
            }
        }
    }

    private void drop(Change c, Place place) {
        place.link = null;
        c.state().room().dropped(place.id);
        place.drops++;
        c.effects().setTimer(TimerKey.grace(c.state().booking().id(), place.id, place.drops),
                context.clock().instant().plus(context.reconnectGrace()));
    }

    /** A grace timer ran out: unless the participant came back (or dropped again since), they are gone. */
    void graceExpired(Change c, TimerKey timer) {
        SessionState s = c.state();
        c.effects().clearTimer(timer);
        Place place = s.place(timer.participantId());
        if (place == null || place.link != null || place.drops != timer.drops() || !s.room().graceExpired(place.id)) {
            return;
        }
        Booking booking = s.booking();
        c.effects().afterCommit(() -> context.observer().participantLeft(booking, place.principal, place.id, "disconnected"));
        c.letInThoseTheGateNowAdmits();
        retireIfEmpty(c);
    }

    /** The alarm rang: the end warning, then (if the tenant has one) the hard stop. */
    void alarm(Change c) {
        SessionState s = c.state();
        c.effects().clearTimer(TimerKey.alarm(s.booking().id()));
        s.alarmAt(null);
        if (s.room().alarm()) {
            SessionKey key = s.key();
            c.effects().afterCommit(() -> context.hardStop().accept(key));
        } else {
            scheduleAlarm(c);
        }
    }

    /** Ends the session for everyone: a fact, then every connection closes with 4011. */
    void end(Change c, Booking ended, String reason) {
        SessionState s = c.state();
        s.booking(ended);
        c.carryOut(s.recording().end(), null);
        s.room().ended(ended.status());
        c.emit(seq -> new SessionFact.Ended(seq, reason), null);
        for (Place place : s.places()) {
            c.clearGrace(place);
            if (place.link != null) {
                c.effects().close(place.link, CloseCodes.SESSION_ENDED, "session ended");
                place.link = null;
            }
        }
        c.effects().clearTimer(TimerKey.alarm(s.booking().id()));
        c.effects().over();
    }

    /** The place of {@code participantId} if {@code link} still holds it; otherwise {@code conflict}. */
    static Place current(SessionState s, LinkRef link, String participantId) {
        Place place = s == null ? null : s.place(participantId);
        if (place == null || !link.equals(place.link) || s.isOver()) {
            throw new SamtalException(ErrorCode.CONFLICT, "This connection no longer holds your place in the session.");
        }
        return place;
    }

    private void scheduleAlarm(Change c) {
        SessionState s = c.state();
        s.room().nextAlarm().ifPresent(at -> {
            s.alarmAt(at);
            c.effects().setTimer(TimerKey.alarm(s.booking().id()), at);
        });
    }

    private static void retireIfEmpty(Change c) {
        if (c.state().room().presentCount() == 0) {
            c.effects().clearTimer(TimerKey.alarm(c.state().booking().id()));
            c.effects().retire();
        }
    }
}
