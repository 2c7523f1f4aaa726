package se.samtal.server.gateway;

import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.server.metrics.SamtalMetrics;
import se.samtal.signalling.room.Room;

import java.util.function.BiConsumer;

/**
 * The requests of a video visit: hosts admitting, denying and sending back; entering and leaving
 * the call; WebRTC signalling; media state. Each runs against the session's {@link Room} in the
 * connection's {@link SessionLane} (embedded: at once on the event loop; cluster: in order, off
 * it), and is acked once the room has accepted it; a refusal from the room is answered with its
 * code and changes nothing.
 */
public final class VisitRequests {
    private final SamtalMetrics metrics;
    private final SessionLane lane;

    public VisitRequests(SamtalMetrics metrics, SessionLane lane) {
        this.metrics = metrics;
        this.lane = lane;
    }

    public void registerWith(Dispatcher dispatcher) {
        dispatcher.register(ClientMessage.Admit.class, (ctx, r) -> onRoom(ctx, (room, me) -> room.admit(me, required(r.participantId()))))
                .register(ClientMessage.Deny.class, (ctx, r) -> onRoom(ctx, (room, me) -> room.deny(me, required(r.participantId()))))
                .register(ClientMessage.SendBack.class, (ctx, r) -> onRoom(ctx, (room, me) -> room.sendBack(me, required(r.participantId()))))
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
        onRoom(ctx, action, () -> { });
    }

    /** Runs {@code action} with the sender's participant id on their room, then acks (a refusal throws and is answered). */
    private void onRoom(RequestContext ctx, BiConsumer<Room, String> action, Runnable done) {
        var binding = ctx.binding();
        var session = binding.requireSession();
        lane.run(ctx.connection(), ctx, () -> {
            session.act(ctx.connection(), binding.participantId(), room -> action.accept(room, binding.participantId()));
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
