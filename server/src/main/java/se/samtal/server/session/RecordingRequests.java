package se.samtal.server.session;

import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.recording.ConsentDecision;
import se.samtal.server.gateway.Dispatcher;
import se.samtal.server.gateway.RequestContext;
import se.samtal.server.recording.RecordingWire;
import se.samtal.signalling.live.LiveSession;

import java.util.function.Consumer;

/**
 * The requests about recording: ask for one, stop it, and answer (yes, no, take back, open a no
 * again) for oneself or, as a guardian, for a minor. Each is an act of the sender's
 * {@link LiveSession} on the session's recording rules, run in the connection's lane like the
 * room's requests, and is acked once the rules accepted it; a refusal is answered with its code
 * and changes nothing. Whether anything is recorded is never a client's say: the rules decide,
 * from everyone's answers.
 */
public final class RecordingRequests {
    private static final int MAX_ID_LENGTH = 64;
    private static final int MAX_VERSION_LENGTH = 40;

    public void registerWith(Dispatcher dispatcher) {
        dispatcher.register(ClientMessage.RequestRecording.class,
                        (ctx, r) -> onRecording(ctx, session -> session.requestRecording(version(r.textVersion()))))
                .register(ClientMessage.StopRecording.class, (ctx, r) -> onRecording(ctx, LiveSession::stopRecording))
                .register(ClientMessage.RecordingConsent.class, this::consent);
    }

    private void consent(RequestContext ctx, ClientMessage.RecordingConsent request) {
        ConsentDecision decision = request.decision();
        if (decision == null) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "'decision' must be give, refuse, withdraw or reopen.");
        }
        String subject = request.participantId();
        if (subject != null && (subject.isBlank() || subject.length() > MAX_ID_LENGTH)) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "'participantId' must name a participant, or be left out.");
        }
        String version = decision == ConsentDecision.GIVE ? version(request.textVersion()) : null;
        onRecording(ctx, session -> session.decideConsent(subject, RecordingWire.decision(decision), version));
    }

    /** Runs {@code act} on the sender's place in their session, then acks. */
    private void onRecording(RequestContext ctx, Consumer<LiveSession> act) {
        var session = ctx.seat().requireSession();
        ctx.inLane(session.changesBlock(), () -> {
            act.accept(session);
            ctx.ack();
        });
    }

    private static String version(String textVersion) {
        if (textVersion == null || textVersion.isBlank() || textVersion.length() > MAX_VERSION_LENGTH) {
            throw new SamtalException(ErrorCode.BAD_REQUEST,
                    "'textVersion' is required: the version of the consent text that was shown.");
        }
        return textVersion;
    }
}
