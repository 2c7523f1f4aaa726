package se.samtal.signalling.live;

import se.samtal.signalling.media.Transport;
import se.samtal.signalling.media.Source;
import se.samtal.signalling.media.Candidate;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.IceCandidate;
import se.samtal.protocol.PresenceState;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.SessionDescription;
import se.samtal.recording.consent.Decision;
import se.samtal.recording.session.Effect;
import se.samtal.signalling.feed.LinkRef;
import se.samtal.signalling.ice.IceServerEntry;
import se.samtal.signalling.room.Room;
import se.samtal.signalling.visit.Booking;
import se.samtal.signalling.visit.Principal;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One connection's place in a live session: the way to act in it, as that participant, from that
 * connection. Its state — who is here, presence, waiting room, call, media, consent — is a
 * {@link SessionState}, wherever the node's {@link SessionSpace} keeps it; every act here is one
 * change of it ({@link SessionSteps}), all or nothing, refused with {@code conflict} once this
 * connection no longer holds the place. What the change tells anyone goes out as facts before the
 * act returns (embedded: queued; cluster: committed). Acts block when {@link #changesBlock()}
 * (cluster mode): make them off event loops then.
 */
public final class LiveSession {
    private final LiveSessions sessions;
    private final SessionSpace space;
    private final SessionSteps steps;
    private final SessionKey key;
    private final Booking booking;
    private final Principal principal;
    private final LinkRef link;
    private final String participantId;
    private final String streamId;

    LiveSession(LiveSessions sessions, SessionSpace space, SessionSteps steps, Booking booking, Principal principal, LinkRef link,
                String participantId, String streamId) {
        this.sessions = sessions;
        this.space = space;
        this.steps = steps;
        this.key = new SessionKey(booking.tenantId(), booking.id());
        this.booking = booking;
        this.principal = principal;
        this.link = link;
        this.participantId = participantId;
        this.streamId = streamId;
    }

    public String tenantId() {
        return key.tenantId();
    }

    public String sessionId() {
        return key.sessionId();
    }

    /**
     * The session's booking as it was when this connection joined (its expected participants do
     * not change). In an embedded server it is the one the session held then, which shares its
     * strings and participants with everyone else's in the session, not a copy of the
     * connection's own.
     */
    public Booking booking() {
        return booking;
    }

    /** Who vouched for the person in this place: as their token said, with the booking's strings where they are the same. */
    public Principal principal() {
        return principal;
    }

    public String participantId() {
        return participantId;
    }

    /** The id of the session's event stream (it changes when a session everyone left starts again). */
    public String streamId() {
        return streamId;
    }

    /** Whether acts block (cluster mode: a round trip to Redis), so must be made off event loops. */
    public boolean changesBlock() {
        return space.blocks();
    }

    // ---- oneself ----

    /** {@code joined} or {@code away}, as the participant says. */
    public void setPresence(PresenceState presence) {
        act(room -> room.setPresence(participantId, presence));
    }

    /** Microphone, camera, audio only as the participant says; null leaves one as it was. */
    public void setMedia(Boolean microphone, Boolean camera, Boolean audioOnly) {
        act(room -> room.call().setMedia(participantId, microphone, camera, audioOnly));
    }

    /** The participant said goodbye. */
    public void leave() {
        space.change(key, null, change -> {
            if (change == null) {
                throw new SamtalException(ErrorCode.CONFLICT, "This connection no longer holds your place in the session.");
            }
            steps.leave(change, link, participantId);
            return null;
        });
    }

    /** The connection dropped without a goodbye: the participant keeps their place for the grace period. */
    public void linkLost() {
        sessions.linkLost(key, link, participantId, 1);
    }

    /**
     * Refuses ({@code not_admitted}; {@code conflict} if this connection no longer holds the place)
     * unless the participant has been let in. Reads the session, changes nothing: cheap enough for
     * every chat request.
     */
    public void checkAdmitted() {
        read(state -> state.room().checkAdmitted(participantId));
    }

    // ---- a host's acts ----

    public void admit(String targetId) {
        act(room -> room.admit(participantId, targetId));
    }

    public void deny(String targetId) {
        act(room -> room.deny(participantId, targetId));
    }

    public void sendBack(String targetId) {
        act(room -> room.sendBack(participantId, targetId));
    }

    /** Refuses unless the participant may end the session for everyone (ending itself is the booking's). */
    public void checkMayEnd() {
        read(state -> state.room().checkMayEnd(participantId));
    }

    // ---- the call ----

    public void joinCall() {
        act(room -> room.call().join(participantId));
    }

    public void leaveCall() {
        act(room -> room.call().leave(participantId));
    }

    /** WebRTC signalling for {@code toId}, on the peer connection numbered {@code epoch}. */
    public void signal(String toId, Long epoch, SessionDescription description, IceCandidate candidate) {
        act(room -> room.call().relay(participantId, toId, epoch, description, candidate));
    }

    /** The participant's answer to the bridge's offer, read from its SDP: their transport and sources. */
    public void answerBridge(Long epoch, int sections, Transport transport, List<Source> sources) {
        act(room -> room.call().answerBridge(participantId, epoch, sections, transport, sources));
    }

    /** A candidate the participant trickled to the bridge. */
    public void bridgeCandidate(Long epoch, Candidate candidate) {
        act(room -> room.call().bridgeCandidate(participantId, epoch, candidate));
    }

    /** Fresh ICE servers (with TURN credentials) for the participant. */
    public List<IceServerEntry> iceServers() {
        return sessions.iceServersFor(key.tenantId(), participantId);
    }

    // ---- recording ----

    /** Asks for a recording, having been shown consent text {@code textVersion}. */
    public void requestRecording(String textVersion) {
        recording(rec -> rec.request(participantId, textVersion));
    }

    public void stopRecording() {
        recording(rec -> rec.stop(participantId));
    }

    /** Answers about oneself ({@code subject} null) or, as a guardian, about {@code subject}. */
    public void decideConsent(String subject, Decision decision, String textVersion) {
        recording(rec -> rec.decide(participantId, subject, decision, textVersion));
    }

    // ---- reading ----

    /** Who is in the session now, with the platform's person refs: for audit and the platform API, never for clients. */
    public List<PresenceEntry> presence() {
        return sessions.presence(key.tenantId(), key.sessionId()).orElse(List.of());
    }

    // ---- inside ----

    private void act(Consumer<Room> action) {
        space.change(key, null, change -> {
            steps.act(change, link, participantId, action);
            return null;
        });
    }

    private void recording(Function<SessionRecording, List<Effect>> action) {
        space.change(key, null, change -> {
            steps.recording(change, link, participantId, action);
            return null;
        });
    }

    /** A read, not a change: refuses unless this connection holds the place; then {@code check} may refuse. */
    private void read(Consumer<SessionState> check) {
        boolean live = space.read(key, state -> {
            SessionSteps.current(state, link, participantId);
            check.accept(state);
            return true;
        }).orElse(false);
        if (!live) {
            throw new SamtalException(ErrorCode.CONFLICT, "This connection no longer holds your place in the session.");
        }
    }
}
