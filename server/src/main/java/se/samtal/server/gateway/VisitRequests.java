package se.samtal.server.gateway;

import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.audit.AuditAction;
import se.samtal.server.audit.AuditFacts;
import se.samtal.server.audit.VisitAudit;
import se.samtal.server.metrics.SamtalMetrics;
import se.samtal.signalling.room.Room;

import java.util.function.BiConsumer;

/**
 * The requests of a video visit: hosts admitting, denying and sending back; entering and leaving
 * the call; WebRTC signalling; media state. Each runs on the event loop against the session's
 * {@link Room} (no blocking), and is acked once the room has accepted it; a refusal from the
 * room is answered with its code and changes nothing. What hosts do to others (admit, deny, send
 * back) leaves an audit event, and so does a refusal for lack of authorization.
 */
public final class VisitRequests {
    private final SamtalMetrics metrics;
    private final VisitAudit audit;

    public VisitRequests(SamtalMetrics metrics, VisitAudit audit) {
        this.metrics = metrics;
        this.audit = audit;
    }

    public void registerWith(Dispatcher dispatcher) {
        dispatcher.register(ClientMessage.Admit.class, (ctx, r) -> hostAct(ctx, AuditAction.PARTICIPANT_ADMITTED, r.participantId(),
                        (room, me) -> room.admit(me, required(r.participantId()))))
                .register(ClientMessage.Deny.class, (ctx, r) -> hostAct(ctx, AuditAction.PARTICIPANT_DENIED, r.participantId(),
                        (room, me) -> room.deny(me, required(r.participantId()))))
                .register(ClientMessage.SendBack.class, (ctx, r) -> hostAct(ctx, AuditAction.PARTICIPANT_SENT_BACK, r.participantId(),
                        (room, me) -> room.sendBack(me, required(r.participantId()))))
                .register(ClientMessage.JoinCall.class, (ctx, r) -> onRoom(ctx, Room::joinCall))
                .register(ClientMessage.LeaveCall.class, (ctx, r) -> onRoom(ctx, Room::leaveCall))
                .register(ClientMessage.SetMedia.class, (ctx, r) -> onRoom(ctx,
                        (room, me) -> room.setMedia(me, r.microphone(), r.camera(), r.audioOnly())))
                .register(ClientMessage.Signal.class, this::signal);
    }

    private void signal(RequestContext ctx, ClientMessage.Signal signal) {
        onRoom(ctx, (room, me) -> room.relay(me, signal.to(), signal.epoch(), signal.description(), signal.candidate()));
        metrics.signalRelayed(signal.description() != null ? signal.description().type() : "candidate");
    }

    /** {@link #onRoom} for what a host does to someone else, with its audit event (queued: this is the event loop). */
    private void hostAct(RequestContext ctx, AuditAction action, String targetId, BiConsumer<Room, String> act) {
        var binding = ctx.binding();
        String request = AuditFacts.webSocketRequest(ctx.connection().connectionId(), ctx.requestId());
        try {
            onRoom(ctx, act);
        } catch (SamtalException e) {
            if (binding.session() != null && targetId != null) {
                audit.hostAct(binding.principal(), binding.session(), action, targetId, e.code(), request);
            }
            throw e;
        }
        audit.hostAct(binding.principal(), binding.session(), action, targetId, null, request);
    }

    /** Runs {@code action} with the sender's participant id on their room, then acks (a refusal throws and is answered). */
    private static void onRoom(RequestContext ctx, BiConsumer<Room, String> action) {
        var binding = ctx.binding();
        binding.requireSession().act(ctx.connection(), binding.participantId(), room -> action.accept(room, binding.participantId()));
        ctx.ack();
    }

    private static String required(String participantId) {
        if (participantId == null || participantId.isBlank() || participantId.length() > 64) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "'participantId' is required.");
        }
        return participantId;
    }
}
