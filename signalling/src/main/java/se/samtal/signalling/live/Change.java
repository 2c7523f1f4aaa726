package se.samtal.signalling.live;

import se.samtal.signalling.call.bridge.BridgeCommand;
import se.samtal.signalling.call.CallView;
import se.samtal.signalling.call.BridgedOffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.protocol.CloseCodes;
import se.samtal.protocol.IceCandidate;
import se.samtal.protocol.SessionDescription;
import se.samtal.protocol.SessionStatus;
import se.samtal.recording.consent.Consent;
import se.samtal.recording.recorder.RecorderReport;
import se.samtal.recording.recorder.RecordingTarget;
import se.samtal.recording.session.Effect;
import se.samtal.recording.session.PartyConsent;
import se.samtal.recording.session.RecordingView;
import se.samtal.signalling.feed.SessionFact;
import se.samtal.signalling.room.Member;
import se.samtal.signalling.room.RoomEvents;
import se.samtal.signalling.visit.Booking;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * One change of a live session as it runs: the {@link SessionState} it changes, what it does
 * ({@link Effects}), and the stream's history for a resume. What the room and its call report
 * while the change runs comes here, and so do the recording rules' effects: each becomes facts for
 * connections (numbered on the stream, or for one participant), timers, and what this node does
 * once the change is committed (the observer, the recorder, the booking's status, logs).
 */
public final class Change implements RoomEvents {
    private static final Logger log = LoggerFactory.getLogger(Change.class);

    private final SessionState state;
    private final Effects effects;
    private final SessionState.History history;
    private final LiveSessionContext context;

    private Change(SessionState state, Effects effects, SessionState.History history) {
        this.state = state;
        this.effects = effects;
        this.history = history;
        this.context = state.context();
    }

    /**
     * Starts a change of {@code state}: what its room reports comes here until {@link #end()}.
     *
     * @param effects what the change does, collected
     * @param history the session's recent events, for a resume
     */
    public static Change begin(SessionState state, Effects effects, SessionState.History history) {
        var change = new Change(state, effects, history);
        state.reportTo(change);
        return change;
    }

    /** The change is over (committed or refused): the room reports to no one until the next. */
    public void end() {
        state.reportTo(null);
    }

    public SessionState state() {
        return state;
    }

    public Effects effects() {
        return effects;
    }

    SessionState.History history() {
        return history;
    }

    // ---- facts ----

    /**
     * Appends a fact to the stream.
     *
     * @param privateTo for a fact about someone never let in: their id (only they and hosts see it)
     */
    void emit(LongFunction<SessionFact.Numbered> fact, String privateTo) {
        effects.event(fact.apply(state.nextSeq()), privateTo);
    }

    /** Tells one participant's connection, if they have one (not on the stream). */
    void tell(String participantId, SessionFact fact) {
        Place place = state.place(participantId);
        if (place != null && place.link != null) {
            effects.direct(participantId, place.link, fact);
        }
    }

    /** A member as others see them now, with their consent to recording where the session may be recorded. */
    SessionFact.Participant view(Member m) {
        return new SessionFact.Participant(m.id(), m.role(), m.name(), m.presence(), m.stage(), m.media(), m.waitingSince(),
                state.recording().consentOf(m.id()));
    }

    SessionFact.ConsentAsked question(Effect.Prompt prompt) {
        return new SessionFact.ConsentAsked(prompt.subject(), prompt.asGuardian(), state.recording().setup().consentText());
    }

    /** The reconnect grace of {@code place}'s last drop, if any, will not ring. */
    void clearGrace(Place place) {
        if (place.drops > 0) {
            effects.clearTimer(TimerKey.grace(state.booking().id(), place.id, place.drops));
        }
    }

    private void announce(Member member, boolean hostsAndSelfOnly) {
        var participant = view(member);
        emit(seq -> new SessionFact.ParticipantChanged(seq, participant), hostsAndSelfOnly ? member.id() : null);
    }

    // ---- what the room reports ----

    /** The recording rules learn where the member is now, then everyone who may see them is told (consent included). */
    @Override
    public void changed(Member member, boolean hostsAndSelfOnly) {
        var ruled = state.recording().moved(member);
        announce(member, hostsAndSelfOnly);
        observe(member);
        carryOut(ruled, member.id());
    }

    /** The observer hears how the member stands now, once the change is committed (in the order of the changes). */
    private void observe(Member member) {
        var booking = state.booking();
        var now = new SessionObserver.ParticipantState(member.id(), member.role(), member.presence(), member.stage(),
                member.media());
        effects.afterCommit(() -> context.observer().participantChanged(booking, now));
    }

    @Override
    public void peerChanged(String to, String peer, boolean polite, long epoch) {
        tell(to, new SessionFact.PeerChanged(peer, polite, epoch));
    }

    @Override
    public void signalled(String to, String from, long epoch, SessionDescription description, IceCandidate candidate) {
        tell(to, new SessionFact.Signalled(from, epoch, description, candidate));
    }

    @Override
    public void callChanged(String to, CallView view) {
        tell(to, new SessionFact.CallChanged(view));
    }

    @Override
    public void bridgeOffered(String to, BridgedOffer offer) {
        tell(to, new SessionFact.BridgeOffered(offer));
    }

    /** The bridge is told once the change is committed (a change that runs again tells it once); its reports come back as changes. */
    @Override
    public void bridgeCommanded(BridgeCommand command) {
        Booking booking = state.booking();
        SessionKey key = state.key();
        var bridge = context.bridge();
        var reports = context.bridgeReports();
        effects.afterCommit(() -> bridge.perform(booking.tenantId(), booking.id(), command, report -> reports.report(key, report)));
    }

    @Override
    public void statusChanged(SessionStatus status) {
        var before = state.booking();
        var booking = before.withStatus(status, null, null);
        state.booking(booking);
        effects.afterCommit(() -> log.atInfo().setMessage("Session status").addKeyValue("tenant", booking.tenantId())
                .addKeyValue("session", booking.id()).addKeyValue("status", status.wire()).log());
        if (before.status() == SessionStatus.SCHEDULED) {
            effects.afterCommit(() -> context.observer().sessionStarted(booking));
        }
        effects.afterCommit(() -> context.recordStatus().accept(booking));
    }

    @Override
    public void ending(Instant scheduledEnd, Instant hardStopAt) {
        emit(seq -> new SessionFact.EndNear(seq, scheduledEnd, hardStopAt), null);
    }

    @Override
    public void admitted(Member member, Duration waited) {
        admitted(member, waited, null);
    }

    @Override
    public void admitted(Member member, Duration waited, String hostId) {
        var booking = state.booking();
        effects.afterCommit(() -> {
            log.atInfo().setMessage("Let in from the waiting room").addKeyValue("tenant", booking.tenantId())
                    .addKeyValue("session", booking.id()).addKeyValue("participant", member.id())
                    .addKeyValue("waitedSeconds", waited.toSeconds()).log();
            context.observer().participantAdmitted(booking, member.id(), waited, hostId);
        });
    }

    /** A host turned someone away: their connection closes for good. */
    @Override
    public void denied(Member member) {
        Place place = state.place(member.id());
        clearGrace(place);
        if (place.link != null) {
            effects.close(place.link, CloseCodes.DENIED, "denied");
            place.link = null;
        }
        var booking = state.booking();
        effects.afterCommit(() -> {
            log.atInfo().setMessage("Turned away from the waiting room").addKeyValue("tenant", booking.tenantId())
                    .addKeyValue("session", booking.id()).addKeyValue("participant", member.id()).log();
            context.observer().participantLeft(booking, place.principal, member.id(), "denied");
        });
    }

    @Override
    public void sentBack(Member member) {
        Place place = state.place(member.id());
        var booking = state.booking();
        effects.afterCommit(() -> {
            log.atInfo().setMessage("Sent back to the waiting room").addKeyValue("tenant", booking.tenantId())
                    .addKeyValue("session", booking.id()).addKeyValue("participant", member.id()).log();
            context.observer().participantSentBack(booking, place.principal, member.id());
        });
    }

    // ---- what the recording rules decide ----

    /**
     * Carries out the recording rules' effects in order: consent changes and the recording state
     * onto the stream, questions to the one asked, and, once committed, the recorder and the audit.
     *
     * @param alreadyAnnounced a participant whose presence fact (with consent) is sent anyway
     */
    void carryOut(List<Effect> ruled, String alreadyAnnounced) {
        for (Effect effect : ruled) {
            switch (effect) {
                case Effect.ConsentChanged changed -> consentChanged(changed, alreadyAnnounced);
                case Effect.Prompt prompt -> tell(prompt.recipient(), question(prompt));
                case Effect.Command command -> tellRecorder(command);
                case Effect.StateChanged changed -> recordingChanged(changed.view());
            }
        }
    }

    /** The recorder reported on a recording of this session; the observer hears of it if it is the current one. */
    void recorderReported(String recordingId, RecorderReport report) {
        Booking booking = state.booking();
        effects.afterCommit(() -> log.atInfo().setMessage("Recorder reported").addKeyValue("tenant", booking.tenantId())
                .addKeyValue("session", booking.id()).addKeyValue("recording", recordingId).addKeyValue("report", lower(report)).log());
        boolean current = state.recording().isCurrent(recordingId);
        carryOut(state.recording().recorderReported(recordingId, report), null);
        if (!current) {
            return; // a report about a recording that is no longer this session's
        }
        var observer = context.observer();
        effects.afterCommit(() -> {
            switch (report) {
                case STARTED -> observer.recordingStarted(booking, recordingId, false);
                case RESUMED -> observer.recordingStarted(booking, recordingId, true);
                case PAUSED -> observer.recordingStopped(booking, recordingId, true, null);
                case STOPPED -> observer.recordingStopped(booking, recordingId, false, null);
                case FAILED -> observer.recordingStopped(booking, recordingId, false, "recorder_failed");
            }
        });
    }

    private void consentChanged(Effect.ConsentChanged changed, String alreadyAnnounced) {
        String id = changed.participantId();
        PartyConsent before = state.recording().announce(id, changed.consent());
        answered(id, "self", before == null ? null : before.self(), changed.consent().self());
        answered(id, "guardian", before == null ? null : before.guardian(), changed.consent().guardian());
        if (!id.equals(alreadyAnnounced)) {
            state.room().member(id).ifPresent(member -> announce(member, !member.visibleToEveryone()));
        }
    }

    /** Every answer is logged with ids, status, who gave it and the text version (never a name), and observed. */
    private void answered(String participantId, String part, Consent before, Consent after) {
        if (after == null || after.equals(before)) {
            return;
        }
        Booking booking = state.booking();
        String status = lower(after.status());
        effects.afterCommit(() -> log.atInfo().setMessage("Recording consent").addKeyValue("tenant", booking.tenantId())
                .addKeyValue("session", booking.id()).addKeyValue("participant", participantId)
                .addKeyValue("part", part).addKeyValue("status", status)
                .addKeyValue("by", after.by() == null ? null : after.guardianId() != null ? after.guardianId() : "self")
                .addKeyValue("textVersion", after.textVersion()).log());
        if (!after.status().isYes() && !after.status().isNo()) {
            return;
        }
        Place subject = state.place(participantId);
        if (subject == null) {
            return;
        }
        String guardianId = after.guardianId();
        Place answeredBy = guardianId != null && state.place(guardianId) != null ? state.place(guardianId) : subject;
        var answer = new SessionObserver.ConsentAnswer(answeredBy.principal, subject.principal, participantId, status, part,
                after.textVersion());
        effects.afterCommit(() -> context.observer().consentAnswered(booking, answer));
    }

    /** The recorder is told once the change is committed (a change that runs again tells it once). */
    private void tellRecorder(Effect.Command command) {
        Booking booking = state.booking();
        SessionKey key = state.key();
        var recorder = state.recording().setup().recorder();
        var reports = context.recorderReports();
        effects.afterCommit(() -> {
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

    private void recordingChanged(RecordingView view) {
        Booking booking = state.booking();
        effects.afterCommit(() -> context.observer().recordingChanged(booking, view));
        effects.afterCommit(() -> log.atInfo().setMessage("Recording state").addKeyValue("tenant", booking.tenantId())
                .addKeyValue("session", booking.id()).addKeyValue("phase", lower(view.phase()))
                .addKeyValue("recorder", lower(view.recorder()))
                .addKeyValue("reason", view.reason() == null ? null : lower(view.reason())).log());
        emit(seq -> new SessionFact.RecordingChanged(seq, view), null);
    }

    /**
     * Under the "wait" rule a recording keeps people without a yes in the waiting room; when it
     * pauses or stops, or someone says yes, those who wait only for that come in by themselves.
     * Every step that may change the recording ends with this.
     */
    void letInThoseTheGateNowAdmits() {
        for (int round = 0; round < 4 && state.recording().takeGateOpened(); round++) {
            state.room().reconsiderWaiting();
        }
    }

    /** An enum of the rules as logs and the wire spell it. */
    private static String lower(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }
}
