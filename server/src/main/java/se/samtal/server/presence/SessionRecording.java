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
import se.samtal.recording.session.RecordingSessionState;
import se.samtal.recording.session.RecordingView;
import se.samtal.server.auth.Principal;
import se.samtal.server.booking.Booking;
import se.samtal.server.id.OpaqueIds;
import se.samtal.server.recording.RecordingSetup;
import se.samtal.server.recording.RecordingWire;
import se.samtal.signalling.room.Member;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The recording rules of one live session, part of its {@link SessionState}: the rules
 * ({@link RecordingSession}) decide, and this class turns what they decide into the change's
 * {@link Effects} — consent changes and the recording state onto the session stream, consent
 * questions to the one asked, and, once the change is committed, commands to the
 * {@link se.samtal.recording.recorder.Recorder}, the audit of every answer and the logs. The
 * recorder's reports come back on any thread and are made a change of their own
 * ({@link LiveSessionContext#recorderReports}), never inside the step that caused them.
 */
public final class SessionRecording {
    private static final Logger log = LoggerFactory.getLogger(SessionRecording.class);

    /**
     * What is kept of it between changes (cluster mode): the rules' state, and the answers last
     * announced (to tell an answer from one already on record).
     */
    public record Kept(RecordingSessionState rules, Map<String, PartyConsent> announced) {
        public Kept {
            announced = Map.copyOf(announced);
        }
    }

    private final SessionState state;
    private final RoomFrames frames;
    private final LiveSessionContext context;
    private final RecordingSetup setup;
    private final RecordingSession rules;
    private final Map<String, PartyConsent> announced = new LinkedHashMap<>();
    private boolean gateMayHaveOpened;

    SessionRecording(SessionState state, RoomFrames frames, LiveSessionContext context, Booking booking, Kept kept) {
        this.state = state;
        this.frames = frames;
        this.context = context;
        this.setup = context.recordingOf().apply(booking.tenantId());
        Clock clock = context.clock();
        Supplier<String> ids = () -> OpaqueIds.next("rec_");
        String kind = booking.kind().wire();
        if (kept == null) {
            this.rules = new RecordingSession(setup.policy(), kind, clock, ids);
        } else {
            this.rules = RecordingSession.restore(setup.policy(), kind, clock, ids, kept.rules());
            this.announced.putAll(kept.announced());
        }
    }

    Kept kept() {
        return new Kept(rules.snapshot(), announced);
    }

    // ---- what participants ask (a change of its own, through LiveSessions) ----

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
        Booking booking = state.booking();
        state.effects().afterCommit(() -> log.atInfo().setMessage("Recorder reported").addKeyValue("tenant", booking.tenantId())
                .addKeyValue("session", booking.id()).addKeyValue("recording", recordingId).addKeyValue("report", lower(report)).log());
        boolean current = rules.currentRecording().filter(recordingId::equals).isPresent();
        apply(rules.recorderReported(recordingId, report), null);
        if (!current) {
            return; // a report about a recording that is no longer this session's
        }
        var observer = context.observer();
        state.effects().afterCommit(() -> {
            switch (report) {
                case STARTED -> observer.recordingStarted(booking, recordingId, false);
                case RESUMED -> observer.recordingStarted(booking, recordingId, true);
                case PAUSED -> observer.recordingStopped(booking, recordingId, true, null);
                case STOPPED -> observer.recordingStopped(booking, recordingId, false, null);
                case FAILED -> observer.recordingStopped(booking, recordingId, false, "recorder_failed");
            }
        });
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
        var view = RecordingWire.event(0, rules.view());
        return new RecordingSnapshot(view.phase(), view.recorder(), view.requestedBy(), view.reason(),
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
                case Effect.Prompt prompt -> frames.sendTo(prompt.recipient(), promptMessage(prompt));
                case Effect.Command command -> tell(command);
                case Effect.StateChanged changed -> stateChanged(changed.view());
            }
        }
    }

    private ServerMessage.RecordingPrompt promptMessage(Effect.Prompt prompt) {
        return new ServerMessage.RecordingPrompt(prompt.subject(), prompt.asGuardian(), setup.consentText());
    }

    private void consentChanged(Effect.ConsentChanged changed, String alreadyAnnounced) {
        String id = changed.participantId();
        PartyConsent before = announced.put(id, changed.consent());
        answered(id, "self", before == null ? null : before.self(), changed.consent().self());
        answered(id, "guardian", before == null ? null : before.guardian(), changed.consent().guardian());
        if (!id.equals(alreadyAnnounced)) {
            state.room().member(id).ifPresent(member -> frames.changedConsent(member));
        }
    }

    /** Every answer is logged with ids, status, who gave it and the text version (never a name), and audited. */
    private void answered(String participantId, String part, Consent before, Consent after) {
        if (after == null || after.equals(before)) {
            return;
        }
        Booking booking = state.booking();
        String status = RecordingWire.state(after).wire();
        state.effects().afterCommit(() -> log.atInfo().setMessage("Recording consent").addKeyValue("tenant", booking.tenantId())
                .addKeyValue("session", booking.id()).addKeyValue("participant", participantId)
                .addKeyValue("part", part).addKeyValue("status", status)
                .addKeyValue("by", after.by() == null ? null : after.guardianId() != null ? after.guardianId() : "self")
                .addKeyValue("textVersion", after.textVersion()).log());
        if (!after.status().isYes() && !after.status().isNo()) {
            return;
        }
        Seat subject = state.seat(participantId);
        if (subject == null) {
            return;
        }
        String guardianId = after.guardianId();
        Seat answeredBy = guardianId != null && state.seat(guardianId) != null ? state.seat(guardianId) : subject;
        var answer = new SessionObserver.ConsentAnswer(answeredBy.principal, subject.principal, participantId, status, part,
                after.textVersion());
        state.effects().afterCommit(() -> context.observer().consentAnswered(booking, answer));
    }

    /** The recorder is told once the change is committed (a change that runs again tells it once). */
    private void tell(Effect.Command command) {
        Booking booking = state.booking();
        SessionKey key = state.key();
        var recorder = setup.recorder();
        var reports = context.recorderReports();
        state.effects().afterCommit(() -> {
            String id = command.recordingId();
            log.atInfo().setMessage("Recorder told").addKeyValue("tenant", booking.tenantId())
                    .addKeyValue("session", booking.id()).addKeyValue("recording", id)
                    .addKeyValue("command", lower(command.command())).log();
            try {
                switch (command.command()) {
                    case START -> recorder.start(new RecordingTarget(booking.tenantId(), booking.id(), id, command.consents()),
                            (recordingId, report) -> reports.report(key, recordingId, report));
                    case PAUSE -> recorder.pause(id);
                    case RESUME -> recorder.resume(id, command.consents());
                    case STOP -> recorder.stop(id);
                }
            } catch (RuntimeException e) {
                log.atError().setMessage("The recorder refused a command").addKeyValue("tenant", booking.tenantId())
                        .addKeyValue("session", booking.id()).addKeyValue("recording", id).setCause(e).log();
                if (command.command().records()) {
                    reports.report(key, id, RecorderReport.FAILED);
                }
            }
        });
    }

    private void stateChanged(RecordingView view) {
        Booking booking = state.booking();
        state.effects().afterCommit(() -> log.atInfo().setMessage("Recording state").addKeyValue("tenant", booking.tenantId())
                .addKeyValue("session", booking.id()).addKeyValue("phase", lower(view.phase()))
                .addKeyValue("recorder", lower(view.recorder()))
                .addKeyValue("reason", view.reason() == null ? null : lower(view.reason())).log());
        frames.emit(seq -> RecordingWire.event(seq, view), null);
    }

    /** Where the recorder's reports go: a change of the session, made off the recorder's thread. */
    @FunctionalInterface
    public interface Reports {
        void report(SessionKey key, String recordingId, RecorderReport report);
    }
}
