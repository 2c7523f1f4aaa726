package se.samtal.server.gateway;

import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.recording.ConsentDecision;
import se.samtal.server.presence.SessionRecording;

import java.util.function.BiConsumer;

/**
 * The requests about recording: ask for one, stop it, and answer (yes, no, take back, open a no
 * again) for oneself or, as a guardian, for a minor. Each runs against the session's recording
 * rules in the connection's {@link SessionLane}, like the room's requests, and is acked once the
 * rules accepted it; a refusal is answered with its code and changes nothing. Whether anything is recorded is never a client's
 * say: the rules decide, from everyone's answers.
 */
public final class RecordingRequests {
    private static final int MAX_ID_LENGTH = 64;
    private static final int MAX_VERSION_LENGTH = 40;

    private final SessionLane lane;

    public RecordingRequests(SessionLane lane) {
        this.lane = lane;
    }

    public void registerWith(Dispatcher dispatcher) {
        dispatcher.register(ClientMessage.RequestRecording.class,
                        (ctx, r) -> onRecording(ctx, (rec, me) -> rec.request(me, version(r.textVersion()))))
                .register(ClientMessage.StopRecording.class, (ctx, r) -> onRecording(ctx, SessionRecording::stop))
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
        onRecording(ctx, (rec, me) -> rec.decide(me, subject, decision, version));
    }

    /** Runs {@code action} with the sender's participant id on their session's recording rules, then acks. */
    private void onRecording(RequestContext ctx, BiConsumer<SessionRecording, String> action) {
        var binding = ctx.binding();
        var session = binding.requireSession();
        lane.run(ctx.connection(), ctx, () -> {
            session.recording(ctx.connection(), binding.participantId(),
                    recording -> action.accept(recording, binding.participantId()));
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
