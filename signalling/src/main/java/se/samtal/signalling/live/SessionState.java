package se.samtal.signalling.live;

import se.samtal.signalling.call.bridge.BridgeCommand;
import se.samtal.signalling.call.CallView;
import se.samtal.signalling.call.BridgedOffer;
import se.samtal.protocol.IceCandidate;
import se.samtal.protocol.SessionDescription;
import se.samtal.protocol.SessionStatus;
import se.samtal.signalling.feed.LinkRef;
import se.samtal.signalling.feed.SessionFact;
import se.samtal.signalling.room.Member;
import se.samtal.signalling.room.Room;
import se.samtal.signalling.room.RoomEvents;
import se.samtal.signalling.room.RoomState;
import se.samtal.signalling.visit.Booking;
import se.samtal.signalling.visit.Principal;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Everything a live session is, shared by whoever serves its participants: the booking as the
 * session knows it, the {@link Room} (the one source of truth of presence, waiting room, call and
 * media), the recording rules ({@link SessionRecording}), each participant's {@link Place} (who
 * vouched for them, where their connection is), the event stream's id and last {@code seq}, and
 * when the next alarm is due. Embedded, one object lives in memory under the session's lock; in
 * cluster mode it is kept in Redis and restored for each change. Changed only inside a change,
 * which hears what the room reports meanwhile.
 */
public final class SessionState {
    /** The session's recent events, for a resuming client: {@code null} if some of them are no longer kept. */
    @FunctionalInterface
    public interface History {
        List<SessionFact.Numbered> after(long lastSeq, long currentSeq, Predicate<String> maySee);
    }

    private final LiveSessionContext context;
    private final String streamId;
    private final Map<String, Place> places = new LinkedHashMap<>(4); // room for a visit's two or three before it grows
    private final SessionRecording recording;
    private final Room room;
    private Booking booking;
    private long seq;
    private Instant alarmAt;
    /** The change under way: what the room reports goes there. */
    private RoomEvents change;

    private SessionState(Booking booking, String streamId, long seq, Instant alarmAt, LiveSessionContext context,
                         RoomState roomState, SessionRecording.Kept recordingState) {
        this.context = context;
        this.booking = booking;
        this.streamId = streamId;
        this.seq = seq;
        this.alarmAt = alarmAt;
        String tenantId = booking.tenantId();
        this.recording = new SessionRecording(context.rules().recording(tenantId), booking.kind().wire(), context.clock(),
                () -> context.ids().next("rec_"), recordingState);
        var policy = context.rules().roomPolicy(tenantId);
        var calls = context.rules().calls(tenantId);
        var reports = new ToTheChange();
        // The recording rules may keep someone in the waiting room while a recording runs.
        this.room = roomState == null
                ? new Room(policy, booking.status(), booking.scheduledEnd(), context.clock(), reports, recording::mayEnter, calls)
                : Room.restore(policy, booking.scheduledEnd(), context.clock(), reports, recording::mayEnter, calls, roomState);
    }

    /** A session nobody has joined yet. */
    public static SessionState fresh(Booking booking, String streamId, LiveSessionContext context) {
        return new SessionState(booking, streamId, 0, null, context, null, null);
    }

    /** A session as it was kept (cluster mode). */
    public static SessionState restore(Booking booking, String streamId, long seq, Instant alarmAt, List<PlaceState> places,
                                       RoomState room, SessionRecording.Kept recording, LiveSessionContext context) {
        var state = new SessionState(booking, streamId, seq, alarmAt, context, room, recording);
        for (PlaceState place : places) {
            state.places.put(place.id(), new Place(place.id(), place.principal(), place.link(), place.drops()));
        }
        return state;
    }

    /** A place as plain values, to keep. */
    public record PlaceState(String id, Principal principal, LinkRef link, long drops) {
    }

    /** The places as plain values, in the order people first came. */
    public List<PlaceState> placeStates() {
        return places.values().stream().map(p -> new PlaceState(p.id, p.principal, p.link, p.drops)).toList();
    }

    /** What the room reports goes to {@code changeUnderWay} from now on (null: no change is under way). */
    void reportTo(RoomEvents changeUnderWay) {
        this.change = changeUnderWay;
    }

    LiveSessionContext context() {
        return context;
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

    /** Which connection holds {@code participantId}'s place now (null: none, or no such participant). */
    public LinkRef linkOf(String participantId) {
        Place place = places.get(participantId);
        return place == null ? null : place.link;
    }

    Place place(String participantId) {
        return places.get(participantId);
    }

    Place placeOf(String ref) {
        for (Place place : places.values()) {
            if (place.principal.ref().equals(ref)) {
                return place;
            }
        }
        return null;
    }

    void addPlace(Place place) {
        places.putIfAbsent(place.id, place);
    }

    Collection<Place> places() {
        return places.values();
    }

    /** Whether the session is over (ended or cancelled): nobody can join, and it does not count as live. */
    public boolean isOver() {
        return room.status().isFinal();
    }

    /** Who is in the session now, with the platform's person refs: for the platform API only, never for clients. */
    public List<PresenceEntry> presenceEntries() {
        return room.members().stream().map(m -> new PresenceEntry(m.id(), places.get(m.id()).principal.ref(),
                m.role(), m.presence(), m.stage().wire())).toList();
    }

    /** What the room reports goes to the change under way. */
    private final class ToTheChange implements RoomEvents {
        private RoomEvents now() {
            if (change == null) {
                throw new IllegalStateException("a live session changed outside a change");
            }
            return change;
        }

        @Override
        public void changed(Member member, boolean hostsAndSelfOnly) {
            now().changed(member, hostsAndSelfOnly);
        }

        @Override
        public void peerChanged(String to, String peer, boolean polite, long epoch) {
            now().peerChanged(to, peer, polite, epoch);
        }

        @Override
        public void signalled(String to, String from, long epoch, SessionDescription description, IceCandidate candidate) {
            now().signalled(to, from, epoch, description, candidate);
        }

        @Override
        public void callChanged(String to, CallView view) {
            now().callChanged(to, view);
        }

        @Override
        public void bridgeOffered(String to, BridgedOffer offer) {
            now().bridgeOffered(to, offer);
        }

        @Override
        public void bridgeCommanded(BridgeCommand command) {
            now().bridgeCommanded(command);
        }

        @Override
        public void statusChanged(SessionStatus status) {
            now().statusChanged(status);
        }

        @Override
        public void ending(Instant scheduledEnd, Instant hardStopAt) {
            now().ending(scheduledEnd, hardStopAt);
        }

        @Override
        public void admitted(Member member, Duration waited) {
            now().admitted(member, waited);
        }

        @Override
        public void admitted(Member member, Duration waited, String hostId) {
            now().admitted(member, waited, hostId);
        }

        @Override
        public void denied(Member member) {
            now().denied(member);
        }

        @Override
        public void sentBack(Member member) {
            now().sentBack(member);
        }
    }
}
