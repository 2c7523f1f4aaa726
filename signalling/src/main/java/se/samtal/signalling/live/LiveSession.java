package se.samtal.signalling.live;

import se.samtal.protocol.IceCandidate;
import se.samtal.protocol.PresenceState;
import se.samtal.protocol.Role;
import se.samtal.protocol.SessionDescription;
import se.samtal.recording.consent.Decision;
import se.samtal.signalling.feed.LinkRef;
import se.samtal.signalling.ice.IceServerEntry;

import java.util.List;

/**
 * One connection's place in a live session: the way to act in it, as that participant, from that
 * connection. Its state — who is here, presence, waiting room, call, media, consent — is a
 * {@link SessionState}, wherever the node's {@link SessionSpace} keeps it; every act here is one
 * change of it, all or nothing, refused with {@code conflict} once this connection no longer holds
 * the place. What the change tells anyone goes out as facts before the act returns (embedded:
 * queued; cluster: committed). Acts block in cluster mode ({@link LiveSessions#changesBlock()}):
 * make them off event loops then.
 */
public final class LiveSession {
    private final LiveSessions sessions;
    private final SessionKey key;
    private final LinkRef link;
    private final String participantId;
    private final String streamId;

    LiveSession(LiveSessions sessions, SessionKey key, LinkRef link, String participantId, String streamId) {
        this.sessions = sessions;
        this.key = key;
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

    public String participantId() {
        return participantId;
    }

    /** The id of the session's event stream (it changes when a session everyone left starts again). */
    public String streamId() {
        return streamId;
    }

    /** Whether acts block (cluster mode: a round trip to Redis), so must be made off event loops. */
    public boolean changesBlock() {
        return sessions.changesBlock();
    }

    // ---- oneself ----

    /** {@code joined} or {@code away}, as the participant says. */
    public void setPresence(PresenceState presence) {
        sessions.act(key, link, participantId, room -> room.setPresence(participantId, presence));
    }

    /** Microphone, camera, audio only as the participant says; null leaves one as it was. */
    public void setMedia(Boolean microphone, Boolean camera, Boolean audioOnly) {
        sessions.act(key, link, participantId, room -> room.setMedia(participantId, microphone, camera, audioOnly));
    }

    /** The participant said goodbye. */
    public void leave() {
        sessions.leave(key, link, participantId);
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
        sessions.read(key, link, participantId, state -> state.room().checkAdmitted(participantId));
    }

    // ---- a host's acts ----

    public void admit(String targetId) {
        sessions.act(key, link, participantId, room -> room.admit(participantId, targetId));
    }

    public void deny(String targetId) {
        sessions.act(key, link, participantId, room -> room.deny(participantId, targetId));
    }

    public void sendBack(String targetId) {
        sessions.act(key, link, participantId, room -> room.sendBack(participantId, targetId));
    }

    /** Refuses unless the participant may end the session for everyone (ending itself is the booking's). */
    public void checkMayEnd() {
        sessions.read(key, link, participantId, state -> state.room().checkMayEnd(participantId));
    }

    // ---- the call ----

    public void joinCall() {
        sessions.act(key, link, participantId, room -> room.joinCall(participantId));
    }

    public void leaveCall() {
        sessions.act(key, link, participantId, room -> room.leaveCall(participantId));
    }

    /** WebRTC signalling for {@code toId}, on the peer connection numbered {@code epoch}. */
    public void signal(String toId, Long epoch, SessionDescription description, IceCandidate candidate) {
        sessions.act(key, link, participantId, room -> room.relay(participantId, toId, epoch, description, candidate));
    }

    /** Fresh ICE servers (with TURN credentials) for the participant. */
    public List<IceServerEntry> iceServers() {
        return sessions.iceServersFor(key.tenantId(), participantId);
    }

    // ---- recording ----

    /** Asks for a recording, having been shown consent text {@code textVersion}. */
    public void requestRecording(String textVersion) {
        sessions.recording(key, link, participantId, rec -> rec.request(participantId, textVersion));
    }

    public void stopRecording() {
        sessions.recording(key, link, participantId, rec -> rec.stop(participantId));
    }

    /** Answers about oneself ({@code subject} null) or, as a guardian, about {@code subject}. */
    public void decideConsent(String subject, Decision decision, String textVersion) {
        sessions.recording(key, link, participantId, rec -> rec.decide(participantId, subject, decision, textVersion));
    }

    // ---- reading ----

    /** Who is in the session now, with the platform's person refs: for audit and the platform API, never for clients. */
    public List<PresenceEntry> presence() {
        return sessions.presence(key.tenantId(), key.sessionId()).orElse(List.of());
    }

    /** A participant's presence and stage as the platform sees it. */
    public record PresenceEntry(String participantId, String ref, Role role, PresenceState presence, String stage) {
    }
}
