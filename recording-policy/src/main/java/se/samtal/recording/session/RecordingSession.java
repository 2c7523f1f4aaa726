package se.samtal.recording.session;

import se.samtal.recording.consent.Consent;
import se.samtal.recording.consent.ConsentRecord;
import se.samtal.recording.consent.ConsentStatus;
import se.samtal.recording.consent.Decision;
import se.samtal.recording.policy.JoinRule;
import se.samtal.recording.policy.RecordingPolicy;
import se.samtal.recording.recorder.RecorderCommand;
import se.samtal.recording.recorder.RecorderReport;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The recording rules of one session: who is here, what each has said, whether a recording
 * was asked for, and what the recorder has confirmed. Every step returns the {@link Effect}s it
 * causes; a step that is refused throws {@link RecordingRefused} and changes nothing.
 *
 * <p>The rules, in short:
 * <ul>
 *   <li>The recorder is told to record only while a request stands and everyone in the room has
 *       said yes (and, for those who need it, a guardian has too).</li>
 *   <li>Anyone taking a yes back stops the recording and ends the request, in the same step.
 *       A no from anyone in the room ends the request.</li>
 *   <li>Someone coming in without a yes pauses the recording until they say yes; a no from them
 *       stops it. With {@link JoinRule#WAIT}, they are kept in the waiting room while it records.</li>
 *   <li>Everyone holding a place is asked once per session. A no is final until the one who said
 *       it opens it again; nobody else can ask them again, or answer for them, except a guardian
 *       for someone who needs a guardian's consent.</li>
 *   <li>Every change of anyone's consent and of the session's state is an effect, so every
 *       screen can show the same thing.</li>
 * </ul>
 *
 * <p>Not thread-safe: the owner calls it under one lock and carries out the effects in order.
 */
public final class RecordingSession {
    private final RecordingPolicy policy;
    private final boolean enabled;
    private final Clock clock;
    private final Supplier<String> recordingIds;
    private final Map<String, Party> parties = new LinkedHashMap<>();
    /** The participant whose request stands; null when none does. */
    private String requestedBy;
    /** The recording the recorder holds, until it confirms the stop. */
    private Run run;
    private Reason reason;
    private RecordingView shown = RecordingView.OFF;

    /**
     * @param sessionKind  the session's kind; sessions of kinds the policy does not allow are never recorded
     * @param recordingIds makes the id of each new recording
     */
    public RecordingSession(RecordingPolicy policy, String sessionKind, Clock clock, Supplier<String> recordingIds) {
        this.policy = policy;
        this.enabled = policy.allows(sessionKind);
        this.clock = clock;
        this.recordingIds = recordingIds;
    }

    /** Whether this session may be recorded at all (the tenant allows it, for this kind of session). */
    public boolean enabled() {
        return enabled;
    }

    public RecordingPolicy policy() {
        return policy;
    }

    // ---- kept and restored ----

    /** The state as plain values (nothing of this object is shared with it). */
    public RecordingSessionState snapshot() {
        var kept = new ArrayList<RecordingSessionState.PartyState>(parties.size());
        for (Party p : parties.values()) {
            kept.add(new RecordingSessionState.PartyState(p.id, p.role, p.needsGuardian, p.attendance, p.self, p.guardian,
                    p.guardiansAsked.stream().sorted().toList()));
        }
        var keptRun = run == null ? null : new RecordingSessionState.RunState(run.id, run.told.name(), run.confirmed.name());
        return new RecordingSessionState(kept, requestedBy, keptRun, reason, shown);
    }

    /** The rules of a session as they were when {@code state} was taken. */
    public static RecordingSession restore(RecordingPolicy policy, String sessionKind, Clock clock,
                                           Supplier<String> recordingIds, RecordingSessionState state) {
        var session = new RecordingSession(policy, sessionKind, clock, recordingIds);
        for (RecordingSessionState.PartyState kept : state.parties()) {
            var party = new Party(kept.id(), kept.role(), kept.needsGuardian());
            party.attendance = kept.attendance();
            party.self = kept.self();
            party.guardian = kept.guardian();
            party.guardiansAsked.addAll(kept.guardiansAsked());
            session.parties.put(party.id, party);
        }
        session.requestedBy = state.requestedBy();
        if (state.run() != null) {
            session.run = new Run(state.run().id());
            session.run.told = Run.State.valueOf(state.run().told());
            session.run.confirmed = Run.State.valueOf(state.run().confirmed());
        }
        session.reason = state.reason();
        session.shown = state.shown() == null ? RecordingView.OFF : state.shown();
        return session;
    }

    // ---- who is here ----

    /** Tells the rules about someone before they first turn up. Someone already known stays as they were. */
    public void introduce(Newcomer newcomer) {
        if (enabled) {
            parties.computeIfAbsent(newcomer.id(), id -> new Party(id, newcomer.role(),
                    policy.guardians().needsGuardian(newcomer.claims())));
        }
    }

    /** A participant came into the room, went to the waiting room, or left. */
    public List<Effect> moved(String id, Attendance attendance) {
        if (!enabled) {
            return List.of();
        }
        Party party = parties.get(id);
        if (party == null) {
            throw new IllegalStateException("introduce a participant before moving them");
        }
        if (party.attendance == attendance) {
            return List.of();
        }
        party.attendance = attendance;
        var step = new Step(policy.consentTextVersion());
        if (party.id.equals(requestedBy) && attendance != Attendance.IN_ROOM) {
            endRequest(Reason.REQUESTER_LEFT);
        }
        return settle(step);
    }

    // ---- what people ask ----

    /**
     * {@code by} asks for the session to be recorded, having been shown consent text
     * {@code textVersion}: asking counts as their own yes. Everyone else holding a place is asked.
     * Asking while a request stands only records the asker's own yes (a co-therapist's, say).
     */
    public List<Effect> request(String by, String textVersion) {
        requireEnabled();
        Party requester = known(by);
        if (!policy.mayRequest(requester.role)) {
            throw new RecordingRefused(Refusal.NOT_A_REQUESTER);
        }
        if (!requester.inRoom()) {
            throw new RecordingRefused(Refusal.NOT_IN_ROOM);
        }
        requireCurrentText(textVersion);
        boolean refusedByOthers = inRoom().anyMatch(p -> p != requester && p.saysNo());
        if (refusedByOthers || (requester.guardian != null && requester.guardian.status().isNo())) {
            throw new RecordingRefused(Refusal.CONSENT_REFUSED);
        }
        var step = new Step(policy.consentTextVersion());
        if (!requester.self.status().isYes()) {
            requester.self = Consent.given(clock.instant(), textVersion, null);
            step.changed.add(requester);
        }
        if (requestedBy == null) {
            requestedBy = requester.id;
            reason = Reason.REQUESTED;
        }
        return settle(step);
    }

    /** {@code by} (who may ask for recordings) ends the request; the recorder is told to stop. */
    public List<Effect> stop(String by) {
        requireEnabled();
        if (!policy.mayRequest(known(by).role)) {
            throw new RecordingRefused(Refusal.NOT_A_REQUESTER);
        }
        var step = new Step(policy.consentTextVersion());
        if (requestedBy != null) {
            endRequest(Reason.STOPPED);
        }
        return settle(step);
    }

    /**
     * {@code by} answers about {@code subject}: themselves ({@code subject} null or their own id),
     * or, as a guardian, a participant who needs a guardian's consent.
     *
     * @param textVersion with {@link Decision#GIVE}: the version of the consent text they were shown
     */
    public List<Effect> decide(String by, String subject, Decision decision, String textVersion) {
        requireEnabled();
        Party actor = known(by);
        Party target = subject == null || subject.equals(by) ? actor : known(subject);
        boolean asGuardian = target != actor;
        if (asGuardian && !(actor.isGuardian() && target.needsGuardian)) {
            throw new RecordingRefused(Refusal.NOT_THEIR_GUARDIAN);
        }
        String guardianId = asGuardian ? actor.id : null;
        Consent current = asGuardian ? target.guardian : target.self;
        Instant now = clock.instant();
        var step = new Step(policy.consentTextVersion());
        Consent next = switch (decision) {
            case GIVE -> {
                requireCurrentText(textVersion);
                if (current.status().isYes()) {
                    yield current;
                }
                if (current.status().isNo() && !current.answeredBy(guardianId)) {
                    throw new RecordingRefused(Refusal.ANOTHER_GUARDIAN_SAID_NO);
                }
                yield Consent.given(now, textVersion, guardianId);
            }
            case REFUSE, WITHDRAW -> current.status().isNo() ? current : current.no(now, guardianId);
            case REOPEN -> {
                if (!current.status().isNo() || !current.answeredBy(guardianId)) {
                    throw new RecordingRefused(Refusal.NOTHING_TO_REOPEN);
                }
                step.prompt(actor, target);
                yield Consent.asked(now);
            }
        };
        if (!next.equals(current)) {
            if (asGuardian) {
                target.guardian = next;
            } else {
                target.self = next;
            }
            step.changed.add(target);
            if (current.status().isYes() && requestedBy != null) {
                endRequest(Reason.WITHDRAWN);
            }
        }
        return settle(step);
    }

    // ---- what the recorder did ----

    /** The recorder reports on a recording. Reports about a recording that is no longer current are ignored. */
    public List<Effect> recorderReported(String recordingId, RecorderReport report) {
        if (run == null || !run.id.equals(recordingId)) {
            return List.of();
        }
        var step = new Step(policy.consentTextVersion());
        switch (report) {
            case STARTED, RESUMED -> run.confirmed = Run.State.RECORDING;
            case PAUSED -> run.confirmed = Run.State.PAUSED;
            case STOPPED, FAILED -> {
                if (run.told != Run.State.STOPPED && requestedBy != null) {
                    endRequest(report == RecorderReport.FAILED ? Reason.RECORDER_FAILED : Reason.RECORDER_STOPPED);
                }
                run = null;
            }
        }
        return settle(step);
    }

    /** The session is over: any request ends and the recorder is told to stop. */
    public List<Effect> end() {
        if (!enabled) {
            return List.of();
        }
        var step = new Step(policy.consentTextVersion());
        if (requestedBy != null) {
            endRequest(Reason.SESSION_ENDED);
        }
        return settle(step);
    }

    // ---- reading ----

    public RecordingView view() {
        return new RecordingView(phase(), run == null ? RecorderStatus.IDLE : run.status(), requestedBy, reason);
    }

    /** A participant's answers, if the session may be recorded and the participant is known. */
    public Optional<PartyConsent> consentOf(String id) {
        return Optional.ofNullable(parties.get(id)).map(Party::consent);
    }

    /** Whether this participant may ask for a recording (by role; they must also be in the room). */
    public boolean mayRequest(String id) {
        Party party = parties.get(id);
        return enabled && party != null && policy.mayRequest(party.role);
    }

    /**
     * Whether this participant may come in from the waiting room now. With {@link JoinRule#WAIT},
     * someone without a complete yes waits while the recorder is told to record.
     */
    public boolean mayEnter(String id) {
        if (!enabled || policy.joiners() != JoinRule.WAIT || run == null || run.told != Run.State.RECORDING) {
            return true;
        }
        Party party = parties.get(id);
        return party != null && party.consented();
    }

    /** The questions {@code recipient} has been shown and not answered (to show again after a reconnect). */
    public List<Effect.Prompt> openPrompts(String recipient) {
        var open = new ArrayList<Effect.Prompt>();
        for (Party party : parties.values()) {
            boolean own = party.id.equals(recipient) && party.self.status() == ConsentStatus.ASKED;
            boolean forWard = party.needsGuardian && party.guardian.status() == ConsentStatus.ASKED
                    && party.guardiansAsked.contains(recipient) && party.holdsPlace();
            if (own || forWard) {
                open.add(new Effect.Prompt(recipient, party.id, policy.consentTextVersion()));
            }
        }
        return open;
    }

    /** The id of the recording the recorder holds, if any. */
    public Optional<String> currentRecording() {
        return Optional.ofNullable(run).map(r -> r.id);
    }

    // ---- inside ----

    private Phase phase() {
        if (requestedBy == null) {
            return Phase.OFF;
        }
        if (everyoneInRoomConsented()) {
            return Phase.RECORDING;
        }
        return run != null && run.told == Run.State.PAUSED ? Phase.PAUSED : Phase.AWAITING_CONSENT;
    }

    private void endRequest(Reason why) {
        requestedBy = null;
        reason = why;
    }

    /** Brings the question, the recorder and the shown state in line with what people said, and collects the effects. */
    private List<Effect> settle(Step step) {
        if (requestedBy != null && inRoom().anyMatch(Party::saysNo)) {
            endRequest(Reason.REFUSED);
        }
        if (requestedBy != null) {
            askEveryone(step);
        }
        instructRecorder(step);
        var view = view();
        if (!view.equals(shown)) {
            shown = view;
            step.state = new Effect.StateChanged(view);
        }
        return step.effects();
    }

    /** Everyone holding a place who has never been asked is asked now; guardians are asked about those who need them. */
    private void askEveryone(Step step) {
        Instant now = clock.instant();
        for (Party party : parties.values()) {
            if (!party.holdsPlace()) {
                continue;
            }
            if (party.self.status() == ConsentStatus.NOT_ASKED) {
                party.self = Consent.asked(now);
                step.prompt(party, party);
                step.changed.add(party);
            }
            if (party.needsGuardian && party.guardian.status().isOpen()) {
                for (Party guardian : guardiansHere()) {
                    if (guardian != party && party.guardiansAsked.add(guardian.id)) {
                        step.prompt(guardian, party);
                        if (party.guardian.status() == ConsentStatus.NOT_ASKED) {
                            party.guardian = Consent.asked(now);
                            step.changed.add(party);
                        }
                    }
                }
            }
        }
    }

    private void instructRecorder(Step step) {
        boolean wanted = requestedBy != null && everyoneInRoomConsented();
        if (run == null) {
            if (wanted) {
                run = new Run(recordingIds.get());
                reason = Reason.CONSENT_COMPLETE;
                step.command(RecorderCommand.START, run.id, evidence());
            }
        } else if (run.told != Run.State.STOPPED) {
            if (requestedBy == null) {
                run.told = Run.State.STOPPED;
                step.command(RecorderCommand.STOP, run.id, List.of());
            } else if (wanted && run.told == Run.State.PAUSED) {
                run.told = Run.State.RECORDING;
                reason = Reason.CONSENT_COMPLETE;
                step.command(RecorderCommand.RESUME, run.id, evidence());
            } else if (!wanted && run.told == Run.State.RECORDING) {
                run.told = Run.State.PAUSED;
                reason = Reason.CONSENT_MISSING;
                step.command(RecorderCommand.PAUSE, run.id, List.of());
            }
        }
    }

    private boolean everyoneInRoomConsented() {
        return inRoom().allMatch(Party::consented);
    }

    private List<ConsentRecord> evidence() {
        return inRoom().map(Party::evidence).toList();
    }

    private Stream<Party> inRoom() {
        return parties.values().stream().filter(Party::inRoom);
    }

    private List<Party> guardiansHere() {
        return parties.values().stream().filter(p -> p.isGuardian() && p.holdsPlace()).toList();
    }

    private Party known(String id) {
        Party party = id == null ? null : parties.get(id);
        if (party == null) {
            throw new RecordingRefused(Refusal.UNKNOWN_PARTICIPANT);
        }
        return party;
    }

    private void requireEnabled() {
        if (!enabled) {
            throw new RecordingRefused(Refusal.DISABLED);
        }
    }

    private void requireCurrentText(String textVersion) {
        if (!policy.consentTextVersion().equals(textVersion)) {
            throw new RecordingRefused(Refusal.TEXT_VERSION_MISMATCH);
        }
    }
}
