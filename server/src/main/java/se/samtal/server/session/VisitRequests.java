package se.samtal.server.session;

import se.samtal.signalling.call.SignalRules;
import se.samtal.signalling.media.Candidate;
import se.samtal.videobridge.sdp.BrowserAnswer;
import se.samtal.videobridge.sdp.SdpException;
import se.samtal.audit.AuditAction;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.server.audit.AuditFacts;
import se.samtal.server.audit.VisitAudit;
import se.samtal.server.gateway.Dispatcher;
import se.samtal.server.gateway.RequestContext;
import se.samtal.server.metrics.SamtalMetrics;
import se.samtal.signalling.live.LiveSession;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The requests of a video visit: hosts admitting, denying and sending back; entering and leaving
 * the call; WebRTC signalling; media state. Each is an act of the sender's {@link LiveSession}, run
 * in the connection's lane (embedded: at once on the event loop; cluster: in order, off it), and
 * is acked once the session has accepted it; a refusal is answered with its code and changes
 * nothing. What hosts do to others (admit, deny, send back) leaves an audit event, and so does a
 * refusal for lack of authorization.
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
                        LiveSession::admit))
                .register(ClientMessage.Deny.class, (ctx, r) -> hostAct(ctx, AuditAction.PARTICIPANT_DENIED, r.participantId(),
                        LiveSession::deny))
                .register(ClientMessage.SendBack.class, (ctx, r) -> hostAct(ctx, AuditAction.PARTICIPANT_SENT_BACK, r.participantId(),
                        LiveSession::sendBack))
                .register(ClientMessage.JoinCall.class, (ctx, r) -> act(ctx, LiveSession::joinCall))
                .register(ClientMessage.LeaveCall.class, (ctx, r) -> act(ctx, LiveSession::leaveCall))
                .register(ClientMessage.SetMedia.class, (ctx, r) -> act(ctx,
                        session -> session.setMedia(r.microphone(), r.camera(), r.audioOnly())))
                .register(ClientMessage.Signal.class, this::signal);
    }

    private void signal(RequestContext ctx, ClientMessage.Signal signal) {
        var session = ctx.seat().requireSession();
        if (SessionWire.BRIDGE.equals(signal.to())) {
            toTheBridge(ctx, session, signal);
            return;
        }
        ctx.inLane(session.changesBlock(), () -> {
            session.signal(signal.to(), signal.epoch(), signal.description(), signal.candidate());
            ctx.ack();
            metrics.signalRelayed(signal.description() != null ? signal.description().type() : "candidate");
        });
    }

    /**
     * A signal to the bridge: the answer to its offer, read here from its SDP into the transport and
     * sources the engine keeps, or a trickled candidate. samtal makes the offers; an offer or a
     * malformed answer or candidate is {@code bad_request}.
     */
    private void toTheBridge(RequestContext ctx, LiveSession session, ClientMessage.Signal signal) {
        SignalRules.checkShape(signal.description(), signal.candidate());
        if (signal.description() != null) {
            if (!"answer".equals(signal.description().type())) {
                throw new SamtalException(ErrorCode.BAD_REQUEST, "In a call through the bridge samtal makes the offers: answer them.");
            }
            BrowserAnswer answer;
            try {
                answer = BrowserAnswer.read(signal.description().sdp(), session.participantId());
            } catch (SdpException e) {
                throw new SamtalException(ErrorCode.BAD_REQUEST, e.getMessage());
            }
            ctx.inLane(session.changesBlock(), () -> {
                session.answerBridge(signal.epoch(), answer.sections(), answer.transport(), answer.sources());
                ctx.ack();
                metrics.signalRelayed("answer");
            });
            return;
        }
        String line = signal.candidate().candidate();
        if (line.isBlank()) {
            ctx.ack(); // the end of the candidates: the bridge needs no word of it
            return;
        }
        Candidate candidate;
        try {
            candidate = Candidate.parse(line);
        } catch (IllegalArgumentException e) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "'candidate.candidate' is not an ICE candidate.");
        }
        ctx.inLane(session.changesBlock(), () -> {
            session.bridgeCandidate(signal.epoch(), candidate);
            ctx.ack();
            metrics.signalRelayed("candidate");
        });
    }

    /** Runs {@code act} on the sender's place in their session, then acks. */
    private void act(RequestContext ctx, Consumer<LiveSession> act) {
        var session = ctx.seat().requireSession();
        ctx.inLane(session.changesBlock(), () -> {
            act.accept(session);
            ctx.ack();
        });
    }

    /** What a host does to someone else, with its audit event (accepted, or refused for lack of authorization). */
    private void hostAct(RequestContext ctx, AuditAction action, String targetId, BiConsumer<LiveSession, String> act) {
        var seat = ctx.seat();
        var session = seat.requireSession();
        String request = AuditFacts.webSocketRequest(ctx.connection().connectionId(), ctx.requestId());
        ctx.inLane(session.changesBlock(), () -> {
            act.accept(session, required(targetId));
            ctx.ack();
            audit.hostAct(seat.principal(), seat.booking(), session, action, targetId, null, request);
        }, refused -> {
            if (targetId != null) {
                audit.hostAct(seat.principal(), seat.booking(), session, action, targetId, refused.code(), request);
            }
        });
    }

    private static String required(String participantId) {
        if (participantId == null || participantId.isBlank() || participantId.length() > 64) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "'participantId' is required.");
        }
        return participantId;
    }
}
