package se.samtal.server.presence;

import se.samtal.protocol.CloseCodes;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.ParticipantView;
import se.samtal.protocol.PresenceState;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.SessionStatus;
import se.samtal.server.auth.JoinGrant;
import se.samtal.server.auth.Principal;
import se.samtal.server.booking.Booking;
import se.samtal.server.id.OpaqueIds;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * A session with people in it, on this node: who is here, their presence, and the session's
 * event stream. Every change happens under this object's lock, and events are queued to every
 * connection while the lock is held, so all participants see the same events in the same
 * {@code seq} order.
 */
public final class LiveSession {
    private final String streamId = OpaqueIds.next("st_");
    private final Map<String, Participant> byRef = new LinkedHashMap<>();
    private final Map<String, Participant> byId = new HashMap<>();
    private final LiveSessionContext context;
    private final EventLog events;
    private Booking booking;
    private long seq;
    private boolean retired;

    LiveSession(Booking booking, LiveSessionContext context) {
        this.booking = booking;
        this.context = context;
        this.events = new EventLog(context.replayEvents());
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

    /**
     * Puts the principal in the session on {@code link} and queues the {@code welcome} (then, on
     * a resume, the missed events). A second connection of the same person replaces the first,
     * which is closed with {@link CloseCodes#REPLACED}.
     *
     * @return the participant id
     */
    synchronized String join(Principal principal, ClientLink link, String requestId, JoinGrant.Resume resume,
                             Long lastSeq, Binder binder) throws Retired {
        if (retired) {
            throw new Retired();
        }
        if (booking.status().isFinal()) {
            throw new SamtalException(booking.status() == SessionStatus.CANCELLED ? ErrorCode.SESSION_CANCELLED : ErrorCode.SESSION_ENDED);
        }
        Participant participant = byRef.get(principal.ref());
        if (participant == null || !participant.holdsPlace()) {
            long present = byRef.values().stream().filter(Participant::holdsPlace).count();
            if (present >= context.maxParticipants()) {
                throw new SamtalException(ErrorCode.SESSION_FULL);
            }
        }
        if (participant == null) {
            String id = resume != null && !byId.containsKey(resume.participantId()) ? resume.participantId() : OpaqueIds.next("p_");
            participant = new Participant(id, principal);
            byRef.put(principal.ref(), participant);
            byId.put(id, participant);
        }
        boolean arriving = !participant.holdsPlace();
        ClientLink previous = participant.link;
        participant.link = link;
        participant.cancelGraceTimer();
        binder.bind(this, participant.id);
        if (previous != null && previous != link) {
            previous.close(CloseCodes.REPLACED, "joined from another connection");
        }

        boolean starting = booking.status() == SessionStatus.SCHEDULED;
        if (starting) {
            booking = booking.withStatus(SessionStatus.OPEN, null, null);
        }
        List<EncodedMessage> missed = null;
        if (lastSeq != null && resume != null && streamId.equals(resume.streamId())) {
            missed = events.after(lastSeq, seq);
        }
        if (participant.presence != PresenceState.JOINED) {
            participant.presence = PresenceState.JOINED;
            // Everyone else hears of the arrival; the joiner learns it from the welcome.
            Participant joined = participant;
            emit(s -> new ServerMessage.Presence(s, joined.view()), link);
        }
        var token = context.minter().resumeToken(principal, booking.id(), participant.id, streamId);
        var welcome = new ServerMessage.Welcome(requestId, link.connectionId(), token.token(), context.heartbeatSeconds(),
                participant.view(), booking.view(), views(), seq, lastSeq == null ? null : missed != null);
        link.send(EncodedMessage.of(context.codec(), welcome));
        if (missed != null) {
            missed.forEach(link::send);
        }
        if (starting) {
            context.observer().sessionStarted(booking);
        }
        if (arriving) {
            context.observer().participantJoined(booking, principal, participant.id);
        }
        return participant.id;
    }

    /** Connects a joining link to the session before its welcome is queued. */
    @FunctionalInterface
    public interface Binder {
        void bind(LiveSession session, String participantId);
    }

    /** Sets {@code joined} or {@code away} for the participant on {@code link}. */
    public synchronized void setPresence(ClientLink link, String participantId, PresenceState state) {
        if (state != PresenceState.JOINED && state != PresenceState.AWAY) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "Presence can be set to 'joined' or 'away'.");
        }
        Participant participant = current(link, participantId);
        if (participant.presence != state) {
            participant.presence = state;
            emit(s -> new ServerMessage.Presence(s, participant.view()), null);
        }
    }

    /** The participant said goodbye. */
    public synchronized void leave(ClientLink link, String participantId) {
        Participant participant = current(link, participantId);
        participant.link = null;
        participant.presence = PresenceState.LEFT;
        emit(s -> new ServerMessage.Presence(s, participant.view()), null);
        context.observer().participantLeft(booking, participant.principal, participant.id, "left");
        retireIfEmpty();
    }

    /** The connection dropped without a goodbye: the participant keeps their place for the grace period. */
    public synchronized void linkLost(ClientLink link, String participantId) {
        Participant participant = byId.get(participantId);
        if (participant == null || participant.link != link || retired) {
            return;
        }
        participant.link = null;
        participant.presence = PresenceState.RECONNECTING;
        emit(s -> new ServerMessage.Presence(s, participant.view()), null);
        participant.graceTimer = context.timers().schedule(() -> graceExpired(participant),
                context.reconnectGrace().toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void graceExpired(Participant participant) {
        if (retired || participant.presence != PresenceState.RECONNECTING || participant.link != null) {
            return;
        }
        participant.graceTimer = null;
        participant.presence = PresenceState.DISCONNECTED;
        emit(s -> new ServerMessage.Presence(s, participant.view()), null);
        context.observer().participantLeft(booking, participant.principal, participant.id, "disconnected");
        retireIfEmpty();
    }

    /** Ends the session for everyone: an event, then every connection closes with 4011. */
    synchronized void end(Booking ended, String reason) {
        booking = ended;
        emit(s -> new ServerMessage.SessionEnded(s, reason), null);
        for (Participant participant : byRef.values()) {
            participant.cancelGraceTimer();
            if (participant.link != null) {
                participant.link.close(CloseCodes.SESSION_ENDED, "session ended");
                participant.link = null;
            }
        }
        retire();
    }

    /** The principal of the participant on {@code link}, if that link still holds their place. */
    public synchronized Optional<Principal> principalOn(ClientLink link, String participantId) {
        Participant participant = byId.get(participantId);
        return participant != null && participant.link == link ? Optional.of(participant.principal) : Optional.empty();
    }

    /** Who is in the session now, with the platform's person refs: for the platform API only, never for clients. */
    public synchronized List<PresenceEntry> presenceEntries() {
        var list = new ArrayList<PresenceEntry>(byRef.size());
        for (Participant p : byRef.values()) {
            list.add(new PresenceEntry(p.id, p.principal.ref(), p.principal.role(), p.presence));
        }
        return list;
    }

    /** A participant's presence as the platform sees it. */
    public record PresenceEntry(String participantId, String ref, se.samtal.protocol.Role role, PresenceState presence) {
    }

    public synchronized Booking booking() {
        return booking;
    }

    /** Participants holding a place (connected or reconnecting). */
    public synchronized int presentCount() {
        return (int) byRef.values().stream().filter(Participant::holdsPlace).count();
    }

    private Participant current(ClientLink link, String participantId) {
        Participant participant = byId.get(participantId);
        if (participant == null || participant.link != link) {
            throw new SamtalException(ErrorCode.CONFLICT, "This connection no longer holds your place in the session.");
        }
        return participant;
    }

    private List<ParticipantView> views() {
        var list = new ArrayList<ParticipantView>(byRef.size());
        for (Participant p : byRef.values()) {
            list.add(p.view());
        }
        return list;
    }

    /** Appends an event to the stream and queues it to every connected participant except {@code skip}. */
    private void emit(LongFunction<ServerMessage.SessionEvent> event, ClientLink skip) {
        long s = ++seq;
        EncodedMessage frame = EncodedMessage.of(context.codec(), event.apply(s));
        events.append(s, frame);
        for (Participant participant : byRef.values()) {
            if (participant.link != null && participant.link != skip) {
                participant.link.send(frame);
            }
        }
    }

    private void retireIfEmpty() {
        if (byRef.values().stream().noneMatch(Participant::holdsPlace)) {
            retire();
        }
    }

    private void retire() {
        if (!retired) {
            retired = true;
            context.retire(this);
        }
    }
}
