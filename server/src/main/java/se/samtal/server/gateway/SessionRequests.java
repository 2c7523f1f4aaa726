package se.samtal.server.gateway;

import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.CloseCodes;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.audit.AuditAction;
import se.samtal.server.audit.AuditFacts;
import se.samtal.server.audit.VisitAudit;
import se.samtal.server.booking.BookingService;
import se.samtal.server.presence.LiveSession;
import se.samtal.server.presence.LiveSessions;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The requests every joined participant can make: ping, presence, leave, and (hosts) end. Leaving
 * and ending a session leave audit events, and so does an attempt to end it without being allowed to.
 */
public final class SessionRequests {
    private final LiveSessions liveSessions;
    private final BookingService bookings;
    private final VisitAudit audit;
    private final Executor blocking;
    private final SessionLane lane;
    private final Clock clock;

    public SessionRequests(LiveSessions liveSessions, BookingService bookings, VisitAudit audit, Executor blocking,
                           SessionLane lane, Clock clock) {
        this.liveSessions = liveSessions;
        this.bookings = bookings;
        this.audit = audit;
        this.blocking = blocking;
        this.lane = lane;
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
        var binding = ctx.binding();
        LiveSession session = binding.requireSession();
        if (request.state() == null) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "'state' must be 'joined' or 'away'.");
        }
        lane.run(ctx.connection(), ctx, () -> {
            session.act(ctx.connection(), binding.participantId(), room -> room.setPresence(binding.participantId(), request.state()));
            ctx.ack();
        });
    }

    private void leave(RequestContext ctx, ClientMessage.Leave request) {
        var binding = ctx.binding();
        if (binding.session() == null) {
            ctx.ack();
            ctx.connection().close(CloseCodes.NORMAL, "left");
            return;
        }
        lane.run(ctx.connection(), ctx, () -> {
            binding.session().leave(ctx.connection(), binding.participantId());
            audit.sessionAct(binding.principal(), binding.session().booking(), AuditAction.SESSION_LEFT, null, null,
                    AuditFacts.webSocketRequest(ctx.connection().connectionId(), ctx.requestId()),
                    Map.of("participant", binding.participantId(), "reason", "left"));
            ctx.ack();
            ctx.connection().close(CloseCodes.NORMAL, "left");
        });
    }

    private void endSession(RequestContext ctx, ClientMessage.EndSession request) {
        var binding = ctx.binding();
        LiveSession session = binding.requireSession();
        String auditRequest = AuditFacts.webSocketRequest(ctx.connection().connectionId(), ctx.requestId());
        var ending = Map.of("status", "ended", "reason", "ended_by_host");
        lane.run(ctx.connection(), ctx, () -> {
            try {
                if (!binding.principal().role().isHost()) {
                    throw new SamtalException(ErrorCode.FORBIDDEN, "Only a therapist (host) can end the session.");
                }
                session.act(ctx.connection(), binding.participantId(), room -> room.checkMayEnd(binding.participantId()));
            } catch (SamtalException e) {
                audit.sessionAct(binding.principal(), session.booking(), AuditAction.SESSION_CHANGED, null, e.code(), auditRequest,
                        ending);
                throw e;
            }
            blocking.execute(() -> {
                try {
                    var ended = bookings.end(binding.principal().tenantId(), session.sessionId(), "ended_by_host");
                    ended.ifPresent(booking -> audit.sessionAct(binding.principal(), booking, AuditAction.SESSION_CHANGED, null,
                            null, auditRequest, ending));
                    ctx.ack();
                    ended.ifPresent(booking -> liveSessions.ended(booking, "ended_by_host"));
                } catch (RuntimeException e) {
                    ctx.fail(e);
                }
            });
        });
    }
}
