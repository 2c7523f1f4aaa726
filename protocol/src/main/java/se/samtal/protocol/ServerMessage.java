package se.samtal.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.JsonNode;
import se.samtal.protocol.chat.ChatMessageView;
import se.samtal.protocol.chat.ConversationView;
import se.samtal.protocol.recording.ConsentText;
import se.samtal.protocol.recording.RecorderState;
import se.samtal.protocol.recording.RecordingPhase;
import se.samtal.protocol.recording.RecordingReason;
import se.samtal.protocol.recording.RecordingSnapshot;

import java.time.Instant;
import java.util.List;

/** A frame from the server: a reply to a request, or an event. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(ServerMessage.Welcome.class),
        @JsonSubTypes.Type(ServerMessage.Ack.class),
        @JsonSubTypes.Type(ServerMessage.Error.class),
        @JsonSubTypes.Type(ServerMessage.Presence.class),
        @JsonSubTypes.Type(ServerMessage.SessionEnded.class),
        @JsonSubTypes.Type(ServerMessage.ResumeToken.class),
        @JsonSubTypes.Type(ServerMessage.SessionEnding.class),
        @JsonSubTypes.Type(ServerMessage.CallPeer.class),
        @JsonSubTypes.Type(ServerMessage.CallChanged.class),
        @JsonSubTypes.Type(ServerMessage.Relayed.class),
        @JsonSubTypes.Type(ServerMessage.IceServers.class),
        // Chat
        @JsonSubTypes.Type(ServerMessage.ChatMessage.class),
        @JsonSubTypes.Type(ServerMessage.ChatReceipt.class),
        @JsonSubTypes.Type(ServerMessage.ChatTyping.class),
        @JsonSubTypes.Type(ServerMessage.ChatUpdated.class),
        @JsonSubTypes.Type(ServerMessage.ChatRevoked.class),
        @JsonSubTypes.Type(ServerMessage.Recording.class),
        @JsonSubTypes.Type(ServerMessage.RecordingPrompt.class),
})
public sealed interface ServerMessage {

    /**
     * The reply to {@code hello}: who you are, the session, everyone in it, and the session
     * stream's current sequence number. Events with a higher {@code seq} follow.
     *
     * @param resumeToken  pass it in a later {@code hello} to reconnect without the join token
     * @param recovered    on a resume with {@code lastSeq}: {@code true} if every missed event
     *                     follows, {@code false} if some were no longer available (the snapshot
     *                     in this welcome is then the truth)
     * @param iceServers   STUN/TURN servers for {@code RTCPeerConnection}, with TURN credentials
     *                     minted for this participant; empty if the tenant configured none
     * @param serverTime   the server's clock, so clients can show "waiting for 3 minutes" right
     *                     even when their own clock is off
     * @param recording    the recording state and consent text, if the session may be recorded; absent otherwise
     * @param conversationId for a connection opened with a care conversation's link: the
     *                     conversation (then {@code session} is null, {@code participants} empty and
     *                     {@code you.participantId} is your member id); {@code chat.subscribe} follows
     */
    @JsonTypeName("welcome")
    record Welcome(String id, String connectionId, String resumeToken, int heartbeatSeconds,
                   ParticipantView you, SessionView session, List<ParticipantView> participants,
                   long seq, Boolean recovered, List<IceServer> iceServers, Instant serverTime,
                   RecordingSnapshot recording, String conversationId) implements ServerMessage {

        /** The welcome into a session. */
        public Welcome(String id, String connectionId, String resumeToken, int heartbeatSeconds, ParticipantView you,
                       SessionView session, List<ParticipantView> participants, long seq, Boolean recovered,
                       List<IceServer> iceServers, Instant serverTime, RecordingSnapshot recording) {
            this(id, connectionId, resumeToken, heartbeatSeconds, you, session, participants, seq, recovered, iceServers,
                    serverTime, recording, null);
        }
    }

    /** Success for the request with this {@code id}; {@code result} depends on the request. */
    @JsonTypeName("ack")
    record Ack(String id, JsonNode result) implements ServerMessage {
    }

    /**
     * Failure for the request with this {@code id}, or, with no id, a problem with a frame that
     * could not be read as a request.
     */
    @JsonTypeName("error")
    record Error(String id, ErrorCode code, String message, Long retryAfterMs) implements ServerMessage {
        public Error(String id, ErrorCode code) {
            this(id, code, code.defaultMessage(), null);
        }
    }

    /**
     * A fresh resume token, sent before the previous one expires. Keep the newest; it is what
     * {@code hello} takes to reconnect without the join link.
     */
    @JsonTypeName("resume.token")
    record ResumeToken(String token) implements ServerMessage {
    }

    /** An event on the session stream, in {@code seq} order. */
    sealed interface SessionEvent extends ServerMessage {
        long seq();
    }

    /**
     * Someone's state changed: they arrived, went away, dropped, came back or left (presence),
     * waited, were let in, entered or left the call (stage), or changed their media.
     */
    @JsonTypeName("presence")
    record Presence(long seq, ParticipantView participant) implements SessionEvent {
    }

    /** The session is over; the server closes every connection to it with 4011. */
    @JsonTypeName("session.ended")
    record SessionEnded(long seq, String reason) implements SessionEvent {
    }

    /**
     * The session's scheduled end is near. With {@code hardStopAt}, the session ends by itself
     * then (reason {@code scheduled_end}); without, it goes on until a host ends it.
     */
    @JsonTypeName("session.ending")
    record SessionEnding(long seq, Instant scheduledEnd, Instant hardStopAt) implements SessionEvent {
    }

    /**
     * Who the recipient's call is with now ({@code peer} null: nobody yet, or the peer left).
     * {@code polite} is the recipient's role in perfect negotiation; {@code epoch} numbers the
     * peer connection: a new epoch means "start a new RTCPeerConnection", the same epoch after a
     * reconnect means "keep yours, restart ICE if it is not connected". Not on the session
     * stream: sent to the recipient only, and again after every reconnect.
     */
    @JsonTypeName("call.peer")
    record CallPeer(String peer, boolean polite, long epoch) implements ServerMessage {
    }

    /**
     * The call as the recipient sees it (docs/protocol.md, "Calls of many"): how media flows
     * ({@code p2p}, {@code mesh}, {@code bridge}), who is in it, the peer connections they keep,
     * and their connection to the bridge. Not on the session stream: sent when it changes for the
     * recipient, and again after every reconnect.
     */
    @JsonTypeName("call")
    record CallChanged(String topology, List<String> members, List<Link> links, Bridge bridge) implements ServerMessage {
        /** One peer connection: the peer, the recipient's side in perfect negotiation, its epoch. */
        public record Link(String peer, boolean polite, long epoch) {
        }

        /** The recipient's connection to the bridge: its epoch, {@code connecting}/{@code ready}/{@code unavailable}, the bridge channel. */
        public record Bridge(long epoch, String state, String channel) {
        }
    }

    /** Signalling from the recipient's peer in the call, as they sent it. Not on the session stream. */
    @JsonTypeName("signal")
    record Relayed(String from, long epoch, SessionDescription description, IceCandidate candidate)
            implements ServerMessage {
    }

    /** Fresh ICE servers and TURN credentials, sent before the previous ones expire. */
    @JsonTypeName("ice.servers")
    record IceServers(List<IceServer> iceServers) implements ServerMessage {
    }

    // ---- Chat events (docs/protocol.md#chat). They are not on the session stream: chat has
    // its own per-conversation sequence numbers, in ChatMessageView.seq.

    /** A new message in a conversation this connection subscribed to (not sent to the connection that wrote it). */
    @JsonTypeName("chat.message")
    record ChatMessage(String conversationId, ChatMessageView message) implements ServerMessage {
    }

    /** A member's receipts moved forward. */
    @JsonTypeName("chat.receipt")
    record ChatReceipt(String conversationId, String memberId, long deliveredSeq, long readSeq) implements ServerMessage {
    }

    /** A member is typing; show it for {@code expiresInMs} unless another one comes. */
    @JsonTypeName("chat.typing")
    record ChatTyping(String conversationId, String memberId, Role role, String name, int expiresInMs) implements ServerMessage {
    }

    /** The conversation changed: closed or reopened, members, or expectations. */
    @JsonTypeName("chat.updated")
    record ChatUpdated(String conversationId, ConversationView conversation) implements ServerMessage {
    }

    /**
     * This connection no longer receives the conversation: {@code reason} is {@code removed}
     * (you are no longer a member) or {@code deleted} (the provider deleted it).
     */
    @JsonTypeName("chat.revoked")
    record ChatRevoked(String conversationId, String reason) implements ServerMessage {
    }

    /**
     * The session's recording state changed: what the rules want ({@code phase}), what the
     * recorder confirmed ({@code recorder}), whose request stands and why it changed. Sent to
     * everyone, so every screen shows the same state.
     */
    @JsonTypeName("recording")
    record Recording(long seq, RecordingPhase phase, RecorderState recorder, String requestedBy, RecordingReason reason)
            implements SessionEvent {
    }

    /**
     * Asks the recipient whether they agree to be recorded: about themselves, or, with
     * {@code asGuardian}, as a guardian for {@code participantId}. Answer with
     * {@code recording.consent}. Sent once; not on the session stream, and sent again after every
     * {@code welcome} while it is unanswered.
     */
    @JsonTypeName("recording.prompt")
    record RecordingPrompt(String participantId, boolean asGuardian, ConsentText consentText) implements ServerMessage {
    }
}
