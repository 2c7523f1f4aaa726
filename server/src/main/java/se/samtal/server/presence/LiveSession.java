package se.samtal.server.presence;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.protocol.CloseCodes;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.IceServer;
import se.samtal.protocol.ParticipantView;
import se.samtal.protocol.PresenceState;
import se.samtal.protocol.Role;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.SessionStatus;
import se.samtal.recording.recorder.RecorderReport;
import se.samtal.server.auth.JoinGrant;
import se.samtal.server.auth.Principal;
import se.samtal.server.booking.Booking;
import se.samtal.server.id.OpaqueIds;
import se.samtal.signalling.room.Member;
import se.samtal.signalling.room.Room;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * A session with people in it, on this node. Its state — who is here, presence, waiting room,
 * call, media — is the {@link Room} of the signalling engine, the one source of truth; this class
 * adds the transport: each participant's connection, the session's event stream with its
 * {@code seq} and replay log, and the timers. Every change happens under this object's lock, and
 * events are queued to connections while the lock is held, so everyone sees the same order.
 */
public final class LiveSession {
    private static final Logger log = LoggerFactory.getLogger(LiveSession.class);

    private final String streamId = OpaqueIds.next("st_");
    private final Map<String, Participant> byId = new HashMap<>();
    private final Map<String, String> idByRef = new HashMap<>();
    private final LiveSessionContext context;
    private final EventLog events;
    private final Room room;
    private final SessionRecording recording;
    private Booking booking;
    private long seq;
    private boolean retired;
    private ScheduledFuture<?> alarm;

    LiveSession(Booking booking, LiveSessionContext context) {
        this.booking = booking;
        this.context = context;
        this.events = new EventLog(context.replayEvents());
        this.recording = new SessionRecording(this, context.recording(), booking.kind().wire(), context.clock(),
                context.timers());
        this.room = new Room(context.policy(), booking.status(), booking.scheduledEnd(), context.clock(),
                new RoomFrames(this), recording::mayEnter);
    }

    /** Thrown when a session was retired (everyone gone) between look-up and use; look it up again. */
    static final class Retired extends Exception {
        Retired() {
            super(null, null, false, false);
        }
    }

    public String tenantId() {
        return booking.tenantId();
    }

    public String sessionId() {
        return booking.id();
    }

    public String streamId() {
        return streamId;
    }

    /** Connects a joining link to the session before its welcome is queued. */
    @FunctionalInterface
    public interface Binder {
        void bind(LiveSession session, String participantId);
    }

    /**
     * Puts the principal in the session on {@code link} and queues the {@code welcome}, then, on a
     * resume, the missed events, then their call partner if they are in a call. Someone who still
     * holds a place (reconnecting, or connected on another device) keeps it, stage and call
     * included; the older connection is closed with {@link CloseCodes#REPLACED}.
     *
     * @return the participant id
     */
    synchronized String join(Principal principal, ClientLink link, String requestId, JoinGrant.Resume resume,
                             Long lastSeq, Binder binder) throws Retired {
        if (retired) {
            throw new Retired();
        }
        String id = idByRef.get(principal.ref());
        boolean returning = id != null && room.holdsPlace(id);
        List<EncodedMessage> missed = null;
        if (lastSeq != null && resume != null && streamId.equals(resume.streamId())) {
            String self = id;
            boolean host = principal.role().isHost();
            missed = events.after(lastSeq, seq, subject -> host || subject.equals(self));
        }
        if (returning) {
            room.reconnect(id);
        } else {
            if (id == null) {
                id = resume != null && !byId.containsKey(resume.participantId()) ? resume.participantId() : OpaqueIds.next("p_");
            }
            recording.introduce(id, principal);
            room.arrive(id, principal.role(), principal.name()); // refuses (full, denied, ended) before anything changes
            if (!byId.containsKey(id)) {
                byId.put(id, new Participant(id, principal));
                idByRef.put(principal.ref(), id);
            }
        }
        Participant participant = byId.get(id);
        ClientLink previous = participant.link;
        participant.link = link;
        participant.cancelGraceTimer();
        binder.bind(this, id);
        if (previous != null && previous != link) {
            previous.close(CloseCodes.REPLACED, "joined from another connection");
        }
        Member me = room.member(id).orElseThrow();
        var token = context.minter().resumeToken(principal, booking.id(), id, streamId);
        var welcome = new ServerMessage.Welcome(requestId, link.connectionId(), token.token(), context.heartbeatSeconds(),
                view(me), booking.view(), room.visibleTo(id).stream().map(this::view).toList(), seq,
                lastSeq == null ? null : missed != null, iceServersFor(id), context.clock().instant(),
                recording.snapshotFor(id));
        link.send(EncodedMessage.of(context.codec(), welcome));
        if (missed != null) {
            missed.forEach(link::send);
        }
        room.pairingOf(id).ifPresent(p -> link.send(EncodedMessage.of(context.codec(),
                new ServerMessage.CallPeer(p.peer().id(), p.polite(), p.epoch()))));
        recording.openPrompts(id).forEach(prompt -> link.send(EncodedMessage.of(context.codec(), prompt)));
        letInThoseTheGateNowAdmits();
        if (!returning) {
            context.observer().participantJoined(booking, principal, id);
        }
        if (alarm == null) {
            scheduleAlarm();
        }
        return id;
    }

    /** Fresh ICE servers (with TURN credentials) for a participant. */
    public List<IceServer> iceServersFor(String participantId) {
        return context.turn().iceServersFor(participantId).stream()
                .map(s -> new IceServer(s.urls(), s.username(), s.credential())).toList();
    }

    /**
     * Runs {@code action} on the room for the participant on {@code link}, if that link still
     * holds their place. The action's events are queued before this returns; a
     * {@link SamtalException} from it changes nothing.
     */
    public synchronized void act(ClientLink link, String participantId, Consumer<Room> action) {
        current(link, participantId);
        action.accept(room);
        letInThoseTheGateNowAdmits();
    }

    /**
     * Runs {@code action} on the session's recording rules for the participant on {@code link},
     * like {@link #act}: its events are queued before this returns; a refusal changes nothing.
     */
    public synchronized void recording(ClientLink link, String participantId, Consumer<SessionRecording> action) {
        current(link, participantId);
        action.accept(recording);
        letInThoseTheGateNowAdmits();
    }

    /** The recorder reported on a recording of this session (on a timer thread, never inside a step). */
    synchronized void recorderReported(String recordingId, RecorderReport report) {
        recording.recorderReported(recordingId, report);
        letInThoseTheGateNowAdmits();
    }

    /** The participant said goodbye. */
    public synchronized void leave(ClientLink link, String participantId) {
        Participant participant = current(link, participantId);
        room.leave(participantId);
        participant.link = null;
        context.observer().participantLeft(booking, participant.principal, participant.id, "left");
        letInThoseTheGateNowAdmits();
        retireIfEmpty();
    }

    /** The connection dropped without a goodbye: the participant keeps their place for the grace period. */
    public synchronized void linkLost(ClientLink link, String participantId) {
        Participant participant = byId.get(participantId);
        if (participant == null || participant.link != link || retired) {
            return;
        }
        participant.link = null;
        room.dropped(participantId);
        participant.graceTimer = context.timers().schedule(() -> graceExpired(participant),
                context.reconnectGrace().toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void graceExpired(Participant participant) {
        if (retired || participant.link != null || !room.graceExpired(participant.id)) {
            return;
        }
        participant.graceTimer = null;
        context.observer().participantLeft(booking, participant.principal, participant.id, "disconnected");
        letInThoseTheGateNowAdmits();
        retireIfEmpty();
    }

    /** Ends the session for everyone: an event, then every connection closes with 4011. */
    synchronized void end(Booking ended, String reason) {
        booking = ended;
        recording.end();
        room.ended(ended.status());
        emit(s -> new ServerMessage.SessionEnded(s, reason), null);
        for (Participant participant : byId.values()) {
            participant.cancelGraceTimer();
            if (participant.link != null) {
                participant.link.close(CloseCodes.SESSION_ENDED, "session ended");
                participant.link = null;
            }
        }
        retire();
    }

    /** Who is in the session now, with the platform's person refs: for the platform API only, never for clients. */
    public synchronized List<PresenceEntry> presenceEntries() {
        var list = new ArrayList<PresenceEntry>(byId.size());
        for (Member m : room.members()) {
            list.add(new PresenceEntry(m.id(), byId.get(m.id()).principal.ref(), m.role(), m.presence(), m.stage().wire()));
        }
        return list;
    }

    /** A participant's presence and stage as the platform sees it. */
    public record PresenceEntry(String participantId, String ref, Role role, PresenceState presence, String stage) {
    }

    public synchronized Booking booking() {
        return booking;
    }

    /** Participants holding a place (connected, waiting or reconnecting). */
    public synchronized int presentCount() {
        return room.presentCount();
    }

    private Participant current(ClientLink link, String participantId) {
        Participant participant = byId.get(participantId);
        if (participant == null || participant.link != link || retired) {
            throw new SamtalException(ErrorCode.CONFLICT, "This connection no longer holds your place in the session.");
        }
        return participant;
    }

    /** A member as others see them, with their consent to recording where the session may be recorded. */
    ParticipantView view(Member m) {
        return new ParticipantView(m.id(), m.role(), m.name(), m.presence(), m.stage(), m.media(), m.waitingSince(),
                recording.consentOf(m.id()));
    }

    /** Tells everyone who may see {@code member} how they are now (their consent changed). */
    void announce(Member member) {
        var view = view(member);
        emit(s -> new ServerMessage.Presence(s, view), member.visibleToEveryone() ? null : member);
    }

    Optional<Member> member(String participantId) {
        return room.member(participantId);
    }

    SessionRecording recording() {
        return recording;
    }

    void consentAnswered(String participantId, String part, String status, String guardianId, String textVersion) {
        Participant subject = byId.get(participantId);
        if (subject == null) {
            return;
        }
        Participant answeredBy = guardianId != null && byId.containsKey(guardianId) ? byId.get(guardianId) : subject;
        context.observer().consentAnswered(booking, new SessionObserver.ConsentAnswer(answeredBy.principal, subject.principal,
                participantId, status, part, textVersion));
    }

    void recordingStarted(String recordingId, boolean resumed) {
        context.observer().recordingStarted(booking, recordingId, resumed);
    }

    void recordingStopped(String recordingId, boolean paused, String reason) {
        context.observer().recordingStopped(booking, recordingId, paused, reason);
    }

    /**
     * Under the "wait" rule a recording keeps people without a yes in the waiting room; when it
     * pauses or stops, or someone says yes, those who wait only for that come in by themselves.
     */
    private void letInThoseTheGateNowAdmits() {
        for (int round = 0; round < 4 && recording.takeGateOpened(); round++) {
            room.reconsiderWaiting();
        }
    }

    /**
     * Appends an event to the stream and queues it to everyone connected who may see it.
     *
     * @param subject for an event about someone never let in: that member (only they and hosts see it)
     */
    void emit(LongFunction<ServerMessage.SessionEvent> event, Member subject) {
        long s = ++seq;
        EncodedMessage frame = EncodedMessage.of(context.codec(), event.apply(s));
        events.append(s, frame, subject == null ? null : subject.id());
        for (Participant participant : byId.values()) {
            if (participant.link != null && (subject == null || participant.principal.role().isHost()
                    || participant.id.equals(subject.id()))) {
                participant.link.send(frame);
            }
        }
    }

    /** Queues a message for one participant, if connected (not on the stream: call partners and relayed signals). */
    void sendTo(String participantId, ServerMessage message) {
        Participant participant = byId.get(participantId);
        if (participant != null && participant.link != null) {
            participant.link.send(EncodedMessage.of(context.codec(), message));
        }
    }

    /** A host turned someone away: their connection closes for good. */
    void denied(String participantId) {
        Participant participant = byId.get(participantId);
        log.atInfo().setMessage("Turned away from the waiting room").addKeyValue("tenant", tenantId())
                .addKeyValue("session", sessionId()).addKeyValue("participant", participantId).log();
        participant.cancelGraceTimer();
        if (participant.link != null) {
            participant.link.close(CloseCodes.DENIED, "denied");
            participant.link = null;
        }
        context.observer().participantLeft(booking, participant.principal, participantId, "denied");
    }

    /** A host sent someone back to the waiting room. */
    void sentBack(String participantId) {
        Participant participant = byId.get(participantId);
        log.atInfo().setMessage("Sent back to the waiting room").addKeyValue("tenant", tenantId())
                .addKeyValue("session", sessionId()).addKeyValue("participant", participantId).log();
        context.observer().participantSentBack(booking, participant.principal, participantId);
    }

    void statusChanged(SessionStatus status) {
        log.atInfo().setMessage("Session status").addKeyValue("tenant", tenantId()).addKeyValue("session", sessionId())
                .addKeyValue("status", status.wire()).log();
        boolean starting = booking.status() == SessionStatus.SCHEDULED;
        booking = booking.withStatus(status, null, null);
        if (starting) {
            context.observer().sessionStarted(booking);
        }
        context.recordStatus().accept(booking);
    }

    void admitted(String participantId, Duration waited) {
        log.atInfo().setMessage("Let in from the waiting room").addKeyValue("tenant", tenantId())
                .addKeyValue("session", sessionId()).addKeyValue("participant", participantId)
                .addKeyValue("waitedSeconds", waited.toSeconds()).log();
        context.observer().participantAdmitted(booking, participantId, waited);
    }

    private synchronized void scheduleAlarm() {
        if (retired) {
            return;
        }
        room.nextAlarm().ifPresent(at -> {
            long delay = Math.max(0, Duration.between(context.clock().instant(), at).toMillis());
            alarm = context.timers().schedule(this::alarmRang, delay, TimeUnit.MILLISECONDS);
        });
    }

    private synchronized void alarmRang() {
        if (retired) {
            return;
        }
        if (room.alarm()) {
            context.hardStop().accept(this);
        } else {
            scheduleAlarm();
        }
    }

    private void retireIfEmpty() {
        if (room.presentCount() == 0) {
            retire();
        }
    }

    private void retire() {
        if (!retired) {
            retired = true;
            if (alarm != null) {
                alarm.cancel(false);
            }
            context.retire(this);
        }
    }
}
