package se.samtal.server.session;

import se.samtal.audit.AuditAction;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.CloseCodes;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.server.audit.AuditFacts;
import se.samtal.server.audit.VisitAudit;
import se.samtal.server.booking.BookingService;
import se.samtal.server.gateway.Dispatcher;
import se.samtal.server.gateway.RequestContext;
import se.samtal.signalling.live.LiveSessions;

import java.time.Clock;
import java.util.Map;

/**
 * The requests every joined participant can make: ping, presence, leave, and (hosts) end. Each
 * runs in the connection's lane. Leaving and ending a session leave audit events, and so does an
 * attempt to end it without being allowed to.
 */
public final class SessionRequests {
    private final LiveSessions liveSessions;
    private final BookingService bookings;
    private final VisitAudit audit;
    private final Clock clock;

    public SessionRequests(LiveSessions liveSessions, BookingService bookings, VisitAudit audit, Clock clock) {
        this.liveSessions = liveSessions;
        this.bookings = bookings;
        this.audit = audit;
        this.clock = clock;
    }

    public void registerWith(Dispatcher dispatcher) {
        dispatcher.register(ClientMessage.Ping.class, this::ping)
                .register(ClientMessage.SetPresence.class, this::setPresence)
                .register(ClientMessage.Leave.class, this::leave)
                .register(ClientMessage.EndSession.class, this::endSession);
    }

    private void ping(RequestContext ctx, ClientMessage.Ping ping) {
        ctx.ack(Map.of("serverTime", clock.instant().toString()));
    }

    private void setPresence(RequestContext ctx, ClientMessage.SetPresence request) {
        var session = ctx.seat().requireSession();
        if (request.state() == null) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "'state' must be 'joined' or 'away'.");
        }
        ctx.inLane(session.changesBlock(), () -> {
            session.setPresence(request.state());
            ctx.ack();
        });
    }

    private void leave(RequestContext ctx, ClientMessage.Leave request) {
        var seat = ctx.seat();
        var session = seat.session();
        if (session == null) {
            ctx.ack();
            ctx.connection().close(CloseCodes.NORMAL, "left");
            return;
        }
        ctx.inLane(session.changesBlock(), () -> {
            session.leave();
            audit.sessionAct(seat.principal(), seat.booking(), AuditAction.SESSION_LEFT, null, null,
                    AuditFacts.webSocketRequest(ctx.connection().connectionId(), ctx.requestId()),
                    Map.of("participant", seat.participantId(), "reason", "left"));
            ctx.ack();
            ctx.connection().close(CloseCodes.NORMAL, "left");
        });
    }

    /** Ending writes the booking (blocks): the whole request runs off the event loop, in the lane. */
    private void endSession(RequestContext ctx, ClientMessage.EndSession request) {
        var seat = ctx.seat();
        var session = seat.requireSession();
        String auditRequest = AuditFacts.webSocketRequest(ctx.connection().connectionId(), ctx.requestId());
        var ending = Map.of("status", "ended", "reason", "ended_by_host");
        ctx.inLane(true, () -> {
            try {
                if (!seat.principal().role().isHost()) {
                    throw new SamtalException(ErrorCode.FORBIDDEN, "Only a therapist (host) can end the session.");
                }
                session.checkMayEnd();
            } catch (SamtalException e) {
                audit.sessionAct(seat.principal(), seat.booking(), AuditAction.SESSION_CHANGED, null, e.code(), auditRequest, ending);
                throw e;
            }
            var ended = bookings.end(seat.principal().tenantId(), session.sessionId(), "ended_by_host");
            ended.ifPresent(booking -> audit.sessionAct(seat.principal(), booking, AuditAction.SESSION_CHANGED, null, null,
                    auditRequest, ending));
            ctx.ack();
            ended.ifPresent(booking -> liveSessions.ended(booking, "ended_by_host"));
        });
    }
}
