package se.samtal.server.presence;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.recording.ConsentDecision;
import se.samtal.protocol.recording.ConsentView;
import se.samtal.protocol.recording.RecordingSnapshot;
import se.samtal.recording.consent.Consent;
import se.samtal.recording.policy.JoinRule;
import se.samtal.recording.recorder.RecorderReport;
import se.samtal.recording.recorder.RecordingTarget;
import se.samtal.recording.session.Attendance;
import se.samtal.recording.session.Effect;
import se.samtal.recording.session.Newcomer;
import se.samtal.recording.session.PartyConsent;
import se.samtal.recording.session.RecordingRefused;
import se.samtal.recording.session.RecordingSession;
import se.samtal.recording.session.RecordingView;
import se.samtal.server.auth.Principal;
import se.samtal.server.id.OpaqueIds;
import se.samtal.server.recording.RecordingSetup;
import se.samtal.server.recording.RecordingWire;
import se.samtal.signalling.room.Member;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * The recording rules of one live session, wired to its transport: the rules
 * ({@link RecordingSession}) decide, and this class carries out what they decide — consent
 * changes and the recording state onto the session stream, consent questions to the one asked,
 * commands to the {@link se.samtal.recording.recorder.Recorder} port — and feeds the recorder's
 * reports back. Guarded by its {@link LiveSession}'s lock, like the room.
 */
public final class SessionRecording {
    private static final Logger log = LoggerFactory.getLogger(SessionRecording.class);

    private final LiveSession session;
    private final RecordingSetup setup;
    private final RecordingSession rules;
    private final Executor reports;
    private final Map<String, PartyConsent> announced = new HashMap<>();
    private boolean gateMayHaveOpened;

    /** @param reports where the recorder's reports are handed to, so they never run inside a step */
    SessionRecording(LiveSession session, RecordingSetup setup, String sessionKind, Clock clock, Executor reports) {
        this.session = session;
        this.setup = setup;
        this.rules = new RecordingSession(setup.policy(), sessionKind, clock, () -> OpaqueIds.next("rec_"));
        this.reports = reports;
    }

    // ---- what participants ask (through LiveSession.recording) ----

    /** {@code by} asks for a recording, having been shown consent text {@code textVersion}. */
    public void request(String by, String textVersion) {
        apply(refusable(() -> rules.request(by, textVersion)), null);
    }

    /** {@code by} ends the request; the recorder is told to stop. */
    public void stop(String by) {
        apply(refusable(() -> rules.stop(by)), null);
    }

    /** {@code by} answers about themselves ({@code subject} null) or, as a guardian, about {@code subject}. */
    public void decide(String by, String subject, ConsentDecision decision, String textVersion) {
        apply(refusable(() -> rules.decide(by, subject, RecordingWire.decision(decision), textVersion)), null);
    }

    // ---- what the session tells it ----

    void introduce(String id, Principal principal) {
        rules.introduce(new Newcomer(id, principal.role().wire(), principal.guardian()));
    }

    /**
     * The room changed {@code member}: the rules learn where they are now (which may pause or stop
     * the recording), then {@code announce} tells everyone about the member, consent included.
     */
    void follow(Member member, Runnable announce) {
        var effects = rules.moved(member.id(), attendanceOf(member));
        announce.run();
        apply(effects, member.id());
    }

    void recorderReported(String recordingId, RecorderReport report) {
        log.atInfo().setMessage("Recorder reported").addKeyValue("tenant", session.tenantId())
                .addKeyValue("session", session.sessionId()).addKeyValue("recording", recordingId)
                .addKeyValue("report", lower(report)).log();
        apply(rules.recorderReported(recordingId, report), null);
        switch (report) {
            case STARTED -> session.recordingStarted(recordingId, false);
            case RESUMED -> session.recordingStarted(recordingId, true);
            case PAUSED -> session.recordingStopped(recordingId, true, null);
            case STOPPED -> session.recordingStopped(recordingId, false, null);
            case FAILED -> session.recordingStopped(recordingId, false, "recorder_failed");
        }
    }

    /** The session is over: the recorder is told to stop, and everyone sees it before the end. */
    void end() {
        apply(rules.end(), null);
    }

    // ---- reading ----

    /** A participant's consent for their view, or null if the session cannot be recorded. */
    ConsentView consentOf(String id) {
        return rules.enabled() ? rules.consentOf(id).map(RecordingWire::consent).orElse(null) : null;
    }

    /** The recording state for a welcome, or null if the session cannot be recorded. */
    RecordingSnapshot snapshotFor(String id) {
        if (!rules.enabled()) {
            return null;
        }
        var state = RecordingWire.event(0, rules.view());
        return new RecordingSnapshot(state.phase(), state.recorder(), state.requestedBy(), state.reason(),
                rules.mayRequest(id), setup.consentText());
    }

    /** The consent questions {@code id} has been shown and not answered, to show again after a (re)connect. */
    List<ServerMessage.RecordingPrompt> openPrompts(String id) {
        return rules.openPrompts(id).stream().map(this::promptMessage).toList();
    }

    boolean mayEnter(Member member) {
        return rules.mayEnter(member.id());
    }

    /** Whether the recording state changed in a way that may let someone in from the waiting room (then forgets it). */
    boolean takeGateOpened() {
        boolean opened = gateMayHaveOpened;
        gateMayHaveOpened = false;
        return opened;
    }

    // ---- carrying out ----

    private static List<Effect> refusable(Supplier<List<Effect>> step) {
        try {
            return step.get();
        } catch (RecordingRefused refused) {
            throw RecordingWire.error(refused);
        }
    }

    /** An enum of the rules as logs spell it (its wire spelling). */
    private static String lower(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    private static Attendance attendanceOf(Member member) {
        if (!member.holdsPlace()) {
            return Attendance.GONE;
        }
        return member.stage().isAdmitted() ? Attendance.IN_ROOM : Attendance.WAITING;
    }

    /** @param alreadyAnnounced a participant whose presence event (with consent) is sent anyway */
    private void apply(List<Effect> effects, String alreadyAnnounced) {
        if (!effects.isEmpty() && rules.policy().joiners() == JoinRule.WAIT) {
            gateMayHaveOpened = true; // a yes, a pause or a stop may let someone in
        }
        for (Effect effect : effects) {
            switch (effect) {
                case Effect.ConsentChanged changed -> consentChanged(changed, alreadyAnnounced);
                case Effect.Prompt prompt -> session.sendTo(prompt.recipient(), promptMessage(prompt));
                case Effect.Command command -> tell(command);
                case Effect.StateChanged state -> stateChanged(state.view());
            }
        }
    }

    private ServerMessage.RecordingPrompt promptMessage(Effect.Prompt prompt) {
        return new ServerMessage.RecordingPrompt(prompt.subject(), prompt.asGuardian(), setup.consentText());
    }

    private void consentChanged(Effect.ConsentChanged changed, String alreadyAnnounced) {
        String id = changed.participantId();
        PartyConsent before = announced.put(id, changed.consent());
        audit(id, "self", before == null ? null : before.self(), changed.consent().self());
        audit(id, "guardian", before == null ? null : before.guardian(), changed.consent().guardian());
        if (!id.equals(alreadyAnnounced)) {
            session.member(id).ifPresent(session::announce);
        }
    }

    /** Every answer is logged with ids, status, who gave it and the text version: never a name. */
    private void audit(String participantId, String part, Consent before, Consent after) {
        if (after == null || after.equals(before)) {
            return;
        }
        String status = RecordingWire.state(after).wire();
        log.atInfo().setMessage("Recording consent").addKeyValue("tenant", session.tenantId())
                .addKeyValue("session", session.sessionId()).addKeyValue("participant", participantId)
                .addKeyValue("part", part).addKeyValue("status", status)
                .addKeyValue("by", after.by() == null ? null : after.guardianId() != null ? after.guardianId() : "self")
                .addKeyValue("textVersion", after.textVersion()).log();
        if (after.status().isYes() || after.status().isNo()) {
            session.consentAnswered(participantId, part, status, after.guardianId(), after.textVersion());
        }
    }

    private void tell(Effect.Command command) {
        String id = command.recordingId();
        log.atInfo().setMessage("Recorder told").addKeyValue("tenant", session.tenantId())
                .addKeyValue("session", session.sessionId()).addKeyValue("recording", id)
                .addKeyValue("command", lower(command.command())).log();
        var recorder = setup.recorder();
        try {
            switch (command.command()) {
                case START -> recorder.start(new RecordingTarget(session.tenantId(), session.sessionId(), id, command.consents()),
                        this::deliver);
                case PAUSE -> recorder.pause(id);
                case RESUME -> recorder.resume(id, command.consents());
                case STOP -> recorder.stop(id);
            }
        } catch (RuntimeException e) {
            log.atError().setMessage("The recorder refused a command").addKeyValue("tenant", session.tenantId())
                    .addKeyValue("session", session.sessionId()).addKeyValue("recording", id).setCause(e).log();
            if (command.command().records()) {
                deliver(id, RecorderReport.FAILED);
            }
        }
    }

    /** A recorder report, from any thread: handled later under the session's lock, never inside the step that caused it. */
    private void deliver(String recordingId, RecorderReport report) {
        try {
            reports.execute(() -> session.recorderReported(recordingId, report));
        } catch (RejectedExecutionException e) {
            log.atDebug().setMessage("Recorder report after shutdown").addKeyValue("recording", recordingId).log();
        }
    }

    private void stateChanged(RecordingView view) {
        log.atInfo().setMessage("Recording state").addKeyValue("tenant", session.tenantId())
                .addKeyValue("session", session.sessionId()).addKeyValue("phase", lower(view.phase()))
                .addKeyValue("recorder", lower(view.recorder()))
                .addKeyValue("reason", view.reason() == null ? null : lower(view.reason())).log();
        session.emit(seq -> RecordingWire.event(seq, view), null);
    }
}
