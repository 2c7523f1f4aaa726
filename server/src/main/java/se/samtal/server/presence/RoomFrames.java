package se.samtal.server.presence;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.protocol.CloseCodes;
import se.samtal.protocol.IceCandidate;
import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.SessionDescription;
import se.samtal.protocol.SessionStatus;
import se.samtal.signalling.room.Member;
import se.samtal.signalling.room.RoomEvents;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongFunction;

/**
 * Turns what the room reports into the effects of the change under way: state changes and
 * warnings onto the session stream, call partners and relayed signals to one participant's
 * connection, and what this node does once the change is committed (logs, webhooks, metrics,
 * the booking's status).
 */
final class RoomFrames implements RoomEvents {
    private static final Logger log = LoggerFactory.getLogger(RoomFrames.class);

    private final SessionState state;
    private final LiveSessionContext context;

    RoomFrames(SessionState state, LiveSessionContext context) {
        this.state = state;
        this.context = context;
    }

    /**
     * Appends an event to the stream.
     *
     * @param subject for an event about someone never let in: that member (only they and hosts see it)
     */
    void emit(LongFunction<ServerMessage.SessionEvent> event, Member subject) {
        long seq = state.nextSeq();
        state.effects().event(seq, EncodedMessage.of(context.codec(), event.apply(seq)), subject == null ? null : subject.id());
    }

    /** Queues a message for one participant's connection, if they have one (not on the stream). */
    void sendTo(String participantId, ServerMessage message) {
        Seat seat = state.seat(participantId);
        if (seat != null && seat.link != null) {
            state.effects().direct(participantId, seat.link, EncodedMessage.of(context.codec(), message));
        }
    }

    /** The recording rules learn where the member is now, then everyone who may see them is told (consent included). */
    @Override
    public void changed(Member member, boolean hostsAndSelfOnly) {
        state.recording().follow(member, () -> announce(member, hostsAndSelfOnly));
    }

    /** A member's consent changed: everyone who may see them is told how they are now. */
    void changedConsent(Member member) {
        announce(member, !member.visibleToEveryone());
    }

    private void announce(Member member, boolean hostsAndSelfOnly) {
        var view = state.view(member);
        emit(s -> new ServerMessage.Presence(s, view), hostsAndSelfOnly ? member : null);
    }

    @Override
    public void peerChanged(String to, String peer, boolean polite, long epoch) {
        sendTo(to, new ServerMessage.CallPeer(peer, polite, epoch));
    }

    @Override
    public void signalled(String to, String from, long epoch, SessionDescription description, IceCandidate candidate) {
        sendTo(to, new ServerMessage.Relayed(from, epoch, description, candidate));
    }

    @Override
    public void statusChanged(SessionStatus status) {
        var before = state.booking();
        var booking = before.withStatus(status, null, null);
        state.booking(booking);
        var effects = state.effects();
        effects.afterCommit(() -> log.atInfo().setMessage("Session status").addKeyValue("tenant", booking.tenantId())
                .addKeyValue("session", booking.id()).addKeyValue("status", status.wire()).log());
        if (before.status() == SessionStatus.SCHEDULED) {
            effects.afterCommit(() -> context.observer().sessionStarted(booking));
        }
        effects.afterCommit(() -> context.recordStatus().accept(booking));
    }

    @Override
    public void ending(Instant scheduledEnd, Instant hardStopAt) {
        emit(s -> new ServerMessage.SessionEnding(s, scheduledEnd, hardStopAt), null);
    }

    @Override
    public void admitted(Member member, Duration waited) {
        var booking = state.booking();
        state.effects().afterCommit(() -> {
            log.atInfo().setMessage("Let in from the waiting room").addKeyValue("tenant", booking.tenantId())
                    .addKeyValue("session", booking.id()).addKeyValue("participant", member.id())
                    .addKeyValue("waitedSeconds", waited.toSeconds()).log();
            context.observer().participantAdmitted(booking, member.id(), waited);
        });
    }

    /** A host turned someone away: their connection closes for good. */
    @Override
    public void denied(Member member) {
        Seat seat = state.seat(member.id());
        var effects = state.effects();
        SessionSteps.clearGrace(state, seat);
        if (seat.link != null) {
            effects.close(seat.link, CloseCodes.DENIED, "denied");
            seat.link = null;
        }
        var booking = state.booking();
        effects.afterCommit(() -> {
            log.atInfo().setMessage("Turned away from the waiting room").addKeyValue("tenant", booking.tenantId())
                    .addKeyValue("session", booking.id()).addKeyValue("participant", member.id()).log();
            context.observer().participantLeft(booking, seat.principal, member.id(), "denied");
        });
    }

    @Override
    public void sentBack(Member member) {
        Seat seat = state.seat(member.id());
        var booking = state.booking();
        state.effects().afterCommit(() -> {
            log.atInfo().setMessage("Sent back to the waiting room").addKeyValue("tenant", booking.tenantId())
                    .addKeyValue("session", booking.id()).addKeyValue("participant", member.id()).log();
            context.observer().participantSentBack(booking, seat.principal, member.id());
        });
    }
}
