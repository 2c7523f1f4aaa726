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
import java.util.function.Consumer;

/**
 * The requests of a video visit: hosts admitting, denying and sending back; entering and leaving
 * the call; WebRTC signalling; media state. Each runs against the session's {@link Room} in the
 * connection's {@link SessionLane} (embedded: at once on the event loop; cluster: in order, off
 * it), and is acked once the room has accepted it; a refusal from the room is answered with its
 * code and changes nothing. What hosts do to others (admit, deny, send back) leaves an audit
 * event, and so does a refusal for lack of authorization.
 */
public final class VisitRequests {
    private final SamtalMetrics metrics;
    private final SessionLane lane;
    private final VisitAudit audit;

    public VisitRequests(SamtalMetrics metrics, SessionLane lane, VisitAudit audit) {
        this.metrics = metrics;
        this.lane = lane;
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
        onRoom(ctx, (room, me) -> room.relay(me, signal.to(), signal.epoch(), signal.description(), signal.candidate()),
                () -> metrics.signalRelayed(signal.description() != null ? signal.description().type() : "candidate"));
    }

    private void onRoom(RequestContext ctx, BiConsumer<Room, String> action) {
        onRoom(ctx, action, () -> { }, refused -> { });
    }

    private void onRoom(RequestContext ctx, BiConsumer<Room, String> action, Runnable done) {
        onRoom(ctx, action, done, refused -> { });
    }

    /** {@link #onRoom} for what a host does to someone else, with its audit event (accepted or refused). */
    private void hostAct(RequestContext ctx, AuditAction action, String targetId, BiConsumer<Room, String> act) {
        var binding = ctx.binding();
        String request = AuditFacts.webSocketRequest(ctx.connection().connectionId(), ctx.requestId());
        onRoom(ctx, act, () -> audit.hostAct(binding.principal(), binding.session(), action, targetId, null, request),
                refused -> {
                    if (targetId != null) {
                        audit.hostAct(binding.principal(), binding.session(), action, targetId, refused.code(), request);
                    }
                });
    }

    /**
     * Runs {@code action} with the sender's participant id on their room, then acks and runs
     * {@code done}; a refusal is handed to {@code refused}, then answered.
     */
    private void onRoom(RequestContext ctx, BiConsumer<Room, String> action, Runnable done, Consumer<SamtalException> refused) {
        var binding = ctx.binding();
        var session = binding.requireSession();
        lane.run(ctx.connection(), ctx, () -> {
            try {
                session.act(ctx.connection(), binding.participantId(), room -> action.accept(room, binding.participantId()));
            } catch (SamtalException e) {
                refused.accept(e);
                throw e;
            }
            ctx.ack();
            done.run();
        });
    }

    private static String required(String participantId) {
        if (participantId == null || participantId.isBlank() || participantId.length() > 64) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "'participantId' is required.");
        }
        return participantId;
    }
}
