package se.samtal.signalling.live;

import se.samtal.recording.consent.Decision;
import se.samtal.recording.policy.JoinRule;
import se.samtal.recording.recorder.RecorderReport;
import se.samtal.recording.session.Attendance;
import se.samtal.recording.session.Effect;
import se.samtal.recording.session.Newcomer;
import se.samtal.recording.session.PartyConsent;
import se.samtal.recording.session.RecordingRefused;
import se.samtal.recording.session.RecordingSession;
import se.samtal.recording.session.RecordingSessionState;
import se.samtal.signalling.feed.SessionFact;
import se.samtal.signalling.room.Member;
import se.samtal.signalling.visit.Principal;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The recording rules of one live session, part of its {@link SessionState}: the rules of
 * {@code recording-policy} ({@link RecordingSession}) with the tenant's setup, and the answers last
 * announced. Every step returns the rules' {@link Effect}s; the {@link Change} under way carries
 * them out (facts, the recorder, the audit). A refusal of the rules is a typed error and changes
 * nothing.
 */
public final class SessionRecording {

    /**
     * What is kept of it between changes (cluster mode): the rules' state, and the answers last
     * announced (to tell an answer from one already on record).
     */
    public record Kept(RecordingSessionState rules, Map<String, PartyConsent> announced) {
        public Kept {
            announced = Map.copyOf(announced);
        }
    }

    /** Where the recorder's reports go: a change of the session, made off the recorder's thread. */
    @FunctionalInterface
    public interface Reports {
        void report(SessionKey key, String recordingId, RecorderReport report);
    }

    private final RecordingSetup setup;
    private final RecordingSession rules;
    /** The consent last announced per participant; the shared empty map until the first announcement. */
    private Map<String, PartyConsent> announced = Map.of();
    private boolean gateMayHaveOpened;

    SessionRecording(RecordingSetup setup, String sessionKind, Clock clock, Supplier<String> ids, Kept kept) {
        this.setup = setup;
        if (kept == null) {
            this.rules = new RecordingSession(setup.policy(), sessionKind, clock, ids);
        } else {
            this.rules = RecordingSession.restore(setup.policy(), sessionKind, clock, ids, kept.rules());
            if (!kept.announced().isEmpty()) {
                this.announced = new LinkedHashMap<>(kept.announced());
            }
        }
    }

    Kept kept() {
        return new Kept(rules.snapshot(), announced);
    }

    RecordingSetup setup() {
        return setup;
    }

    // ---- what participants ask ----

    /** {@code by} asks for a recording, having been shown consent text {@code textVersion}. */
    List<Effect> request(String by, String textVersion) {
        return noted(refusable(() -> rules.request(by, textVersion)));
    }

    /** {@code by} ends the request; the recorder is told to stop. */
    List<Effect> stop(String by) {
        return noted(refusable(() -> rules.stop(by)));
    }

    /** {@code by} answers about themselves ({@code subject} null) or, as a guardian, about {@code subject}. */
    List<Effect> decide(String by, String subject, Decision decision, String textVersion) {
        return noted(refusable(() -> rules.decide(by, subject, decision, textVersion)));
    }

    // ---- what the session tells it ----

    void introduce(String id, Principal principal) {
        rules.introduce(new Newcomer(id, principal.role().wire(), principal.guardian()));
    }

    /** The room changed {@code member}: the rules learn where they are now (which may pause or stop the recording). */
    List<Effect> moved(Member member) {
        return noted(rules.moved(member.id(), attendanceOf(member)));
    }

    /** Whether {@code recordingId} is this session's current recording (a report about another changes nothing it shows). */
    boolean isCurrent(String recordingId) {
        return rules.currentRecording().filter(recordingId::equals).isPresent();
    }

    List<Effect> recorderReported(String recordingId, RecorderReport report) {
        return noted(rules.recorderReported(recordingId, report));
    }

    /** The session is over: the recorder is told to stop, and everyone sees it before the end. */
    List<Effect> end() {
        return noted(rules.end());
    }

    /** Remembers {@code consent} as the one announced for {@code id}; returns the one announced before (null: none). */
    PartyConsent announce(String id, PartyConsent consent) {
        if (!(announced instanceof LinkedHashMap)) {
            announced = new LinkedHashMap<>(4);
        }
        return announced.put(id, consent);
    }

    // ---- reading ----

    /** A participant's consent for their view, or null if the session cannot be recorded. */
    PartyConsent consentOf(String id) {
        return rules.enabled() ? rules.consentOf(id).orElse(null) : null;
    }

    /** The recording state for a welcome, or null if the session cannot be recorded. */
    SessionFact.RecordingNow snapshotFor(String id) {
        return rules.enabled() ? new SessionFact.RecordingNow(rules.view(), rules.mayRequest(id), setup.consentText()) : null;
    }

    /** The consent questions {@code id} has been shown and not answered, to show again after a (re)connect. */
    List<Effect.Prompt> openPrompts(String id) {
        return rules.openPrompts(id);
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

    // ---- inside ----

    /** Under the "wait" rule, any effect (a yes, a pause, a stop) may let someone in from the waiting room. */
    private List<Effect> noted(List<Effect> effects) {
        if (!effects.isEmpty() && rules.policy().joiners() == JoinRule.WAIT) {
            gateMayHaveOpened = true;
        }
        return effects;
    }

    private static List<Effect> refusable(Supplier<List<Effect>> step) {
        try {
            return step.get();
        } catch (RecordingRefused refused) {
            throw ConsentRefusals.error(refused);
        }
    }

    private static Attendance attendanceOf(Member member) {
        if (!member.holdsPlace()) {
            return Attendance.GONE;
        }
        return member.stage().isAdmitted() ? Attendance.IN_ROOM : Attendance.WAITING;
    }
}
