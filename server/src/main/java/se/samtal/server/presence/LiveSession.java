package se.samtal.server.presence;

import se.samtal.protocol.IceServer;
import se.samtal.protocol.PresenceState;
import se.samtal.protocol.Role;
import se.samtal.server.booking.Booking;
import se.samtal.signalling.room.Room;

import java.util.List;
import java.util.function.Consumer;

/**
 * A live session as a connection holds it: the way to act in it. Its state — who is here,
 * presence, waiting room, call, media — is a {@link SessionState}, wherever the node's
 * {@link SessionSpace} keeps it; every call here is one change of it, all or nothing. In cluster
 * mode the calls block on Redis: make them off event loops.
 */
public final class LiveSession {
    private final LiveSessions sessions;
    private final SessionKey key;
    private final String streamId;
    private final Booking booking;

    LiveSession(LiveSessions sessions, SessionKey key, String streamId, Booking booking) {
        this.sessions = sessions;
        this.key = key;
        this.streamId = streamId;
        this.booking = booking;
    }

    public String tenantId() {
        return key.tenantId();
    }

    public String sessionId() {
        return key.sessionId();
    }

    /** The id of the session's event stream (it changes when a session everyone left starts again). */
    public String streamId() {
        return streamId;
    }

    /** The booking as it was when this connection joined (its expected participants do not change). */
    public Booking booking() {
        return booking;
    }

    /**
     * Runs {@code action} on the room for the participant on {@code link}, if that link still
     * holds their place ({@code conflict} otherwise). The action's events are queued (embedded)
     * or committed (cluster) before this returns; a {@link se.samtal.protocol.SamtalException}
     * from it changes nothing. The action may run more than once: it must only act on the room.
     */
    public void act(ClientLink link, String participantId, Consumer<Room> action) {
        sessions.act(key, link, participantId, action);
    }

    /**
     * Refuses ({@code not_admitted}; {@code conflict} if {@code link} no longer holds the place)
     * unless the participant has been let in. Reads the session, changes nothing: cheap enough for
     * every chat request.
     */
    public void checkAdmitted(ClientLink link, String participantId) {
        sessions.checkAdmitted(key, link, participantId);
    }

    /**
     * Runs {@code action} on the session's recording rules for the participant on {@code link},
     * like {@link #act}: its events are queued or committed before this returns; a refusal changes nothing.
     */
    public void recording(ClientLink link, String participantId, Consumer<SessionRecording> action) {
        sessions.recording(key, link, participantId, action);
    }

    /** The participant said goodbye. */
    public void leave(ClientLink link, String participantId) {
        sessions.leave(key, link, participantId);
    }

    /** The connection dropped without a goodbye: the participant keeps their place for the grace period. */
    public void linkLost(ClientLink link, String participantId) {
        sessions.linkLost(key, link, participantId);
    }

    /** Fresh ICE servers (with TURN credentials) for a participant. */
    public List<IceServer> iceServersFor(String participantId) {
        return sessions.iceServersFor(key.tenantId(), participantId);
    }

    /** Who is in the session now, with the platform's person refs: for the platform API only, never for clients. */
    public List<PresenceEntry> presenceEntries() {
        return sessions.presenceEntries(key);
    }

    /** A participant's presence and stage as the platform sees it. */
    public record PresenceEntry(String participantId, String ref, Role role, PresenceState presence, String stage) {
    }
}
