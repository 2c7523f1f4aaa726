package se.samtal.server.presence;

import se.samtal.protocol.ParticipantView;
import se.samtal.server.auth.Principal;
import se.samtal.server.booking.Booking;
import se.samtal.signalling.call.PeerToPeerCall;
import se.samtal.signalling.room.Member;
import se.samtal.signalling.room.Room;
import se.samtal.signalling.room.RoomState;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Everything a live session is, shared by whoever serves its participants: the booking as the
 * session knows it, the {@link Room} (the one source of truth of presence, waiting room, call and
 * media), each participant's {@link Seat} (who vouched for them, where their connection is), the
 * event stream's id and last {@code seq}, and when the next alarm is due. Embedded, one object
 * lives in memory under the session's lock; in cluster mode it is kept in Redis and restored
 * for each change. Changed only inside a change ({@link #begin} … {@link #end}).
 */
public final class SessionState {
    /** The session's recent events, for a resuming client: {@code null} if some of them are no longer kept. */
    @FunctionalInterface
    public interface History {
        List<EncodedMessage> after(long lastSeq, long currentSeq, Predicate<String> maySee);
    }

    private final String streamId;
    private final Map<String, Seat> seats = new LinkedHashMap<>();
    private final RoomFrames frames;
    private final SessionRecording recording;
    private final Room room;
    private Booking booking;
    private long seq;
    private Instant alarmAt;
    private Effects effects;
    private History history;

    private SessionState(Booking booking, String streamId, long seq, Instant alarmAt, LiveSessionContext context,
                         RoomState roomState, SessionRecording.Kept recordingState) {
        this.booking = booking;
        this.streamId = streamId;
        this.seq = seq;
        this.alarmAt = alarmAt;
        this.frames = new RoomFrames(this, context);
        this.recording = new SessionRecording(this, frames, context, booking, recordingState);
        var policy = context.policy(booking.tenantId());
        // The recording rules may keep someone in the waiting room while a recording runs.
        this.room = roomState == null
                ? new Room(policy, booking.status(), booking.scheduledEnd(), context.clock(), frames, recording::mayEnter,
                        PeerToPeerCall.FACTORY)
                : Room.restore(policy, booking.scheduledEnd(), context.clock(), frames, recording::mayEnter, PeerToPeerCall.FACTORY,
                        roomState);
    }

    /** A session nobody has joined yet. */
    public static SessionState fresh(Booking booking, String streamId, LiveSessionContext context) {
        return new SessionState(booking, streamId, 0, null, context, null, null);
    }

    /** A session as it was kept (cluster mode). */
    public static SessionState restore(Booking booking, String streamId, long seq, Instant alarmAt, List<SeatState> seats,
                                       RoomState room, SessionRecording.Kept recording, LiveSessionContext context) {
        var state = new SessionState(booking, streamId, seq, alarmAt, context, room, recording);
        for (SeatState seat : seats) {
            state.seats.put(seat.id(), new Seat(seat.id(), seat.principal(), seat.link(), seat.drops()));
        }
        return state;
    }

    /** A seat as plain values, to keep. */
    public record SeatState(String id, Principal principal, LinkRef link, long drops) {
    }

    /** The seats as plain values, in the order people first came. */
    public List<SeatState> seatStates() {
        return seats.values().stream().map(s -> new SeatState(s.id, s.principal, s.link, s.drops)).toList();
    }

    /** Starts a change: what the room reports goes to {@code changeEffects}; a resume reads {@code changeHistory}. */
    public void begin(Effects changeEffects, History changeHistory) {
        this.effects = changeEffects;
        this.history = changeHistory;
    }

    public void end() {
        this.effects = null;
        this.history = null;
    }

    public SessionKey key() {
        return new SessionKey(booking.tenantId(), booking.id());
    }

    public Booking booking() {
        return booking;
    }

    void booking(Booking changed) {
        this.booking = changed;
    }

    public String streamId() {
        return streamId;
    }

    /** The stream's last sequence number. */
    public long seq() {
        return seq;
    }

    long nextSeq() {
        return ++seq;
    }

    public Instant alarmAt() {
        return alarmAt;
    }

    void alarmAt(Instant at) {
        this.alarmAt = at;
    }

    public Room room() {
        return room;
    }

    SessionRecording recording() {
        return recording;
    }

    /** The recording rules' state as plain values, to keep. */
    public SessionRecording.Kept recordingState() {
        return recording.kept();
    }

    /**
     * Under the "wait" rule a recording keeps people without a yes in the waiting room; when it
     * pauses or stops, or someone says yes, those who wait only for that come in by themselves.
     * Every step that may change the recording ends with this.
     */
    void letInThoseTheGateNowAdmits() {
        for (int round = 0; round < 4 && recording.takeGateOpened(); round++) {
            room.reconsiderWaiting();
        }
    }

    /** Appends an event everyone may see to the stream. */
    void emit(java.util.function.LongFunction<se.samtal.protocol.ServerMessage.SessionEvent> event) {
        frames.emit(event, null);
    }

    Effects effects() {
        if (effects == null) {
            throw new IllegalStateException("a live session changed outside a change");
        }
        return effects;
    }

    History history() {
        return history;
    }

    /** Which connection holds {@code participantId}'s place now (null: none, or no such participant). */
    public LinkRef linkOf(String participantId) {
        Seat seat = seats.get(participantId);
        return seat == null ? null : seat.link;
    }

    Seat seat(String participantId) {
        return seats.get(participantId);
    }

    Seat seatOf(String ref) {
        for (Seat seat : seats.values()) {
            if (seat.principal.ref().equals(ref)) {
                return seat;
            }
        }
        return null;
    }

    void addSeat(Seat seat) {
        seats.putIfAbsent(seat.id, seat);
    }

    Collection<Seat> seats() {
        return seats.values();
    }

    /** Whether the session is over (ended or cancelled): nobody can join, and it does not count as live. */
    public boolean isOver() {
        return room.status().isFinal();
    }

    /** Who is in the session now, with the platform's person refs: for the platform API only, never for clients. */
    public List<LiveSession.PresenceEntry> presenceEntries() {
        return room.members().stream().map(m -> new LiveSession.PresenceEntry(m.id(), seats.get(m.id()).principal.ref(),
                m.role(), m.presence(), m.stage().wire())).toList();
    }

    /** A member as others see them, with their consent to recording where the session may be recorded. */
    ParticipantView view(Member m) {
        return new ParticipantView(m.id(), m.role(), m.name(), m.presence(), m.stage(), m.media(), m.waitingSince(),
                recording.consentOf(m.id()));
    }
}
