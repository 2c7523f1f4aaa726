package se.samtal.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import se.samtal.protocol.recording.ConsentDecision;

/**
 * A request from a client. Every request carries a client-chosen {@link #id()} and is answered
 * by exactly one {@link ServerMessage.Ack} or {@link ServerMessage.Error} with the same id
 * ({@code hello} is answered by {@link ServerMessage.Welcome}, which is its ack).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(ClientMessage.Hello.class),
        @JsonSubTypes.Type(ClientMessage.Ping.class),
        @JsonSubTypes.Type(ClientMessage.SetPresence.class),
        @JsonSubTypes.Type(ClientMessage.Leave.class),
        @JsonSubTypes.Type(ClientMessage.EndSession.class),
        @JsonSubTypes.Type(ClientMessage.Admit.class),
        @JsonSubTypes.Type(ClientMessage.Deny.class),
        @JsonSubTypes.Type(ClientMessage.SendBack.class),
        @JsonSubTypes.Type(ClientMessage.JoinCall.class),
        @JsonSubTypes.Type(ClientMessage.LeaveCall.class),
        @JsonSubTypes.Type(ClientMessage.Signal.class),
        @JsonSubTypes.Type(ClientMessage.SetMedia.class),
        // Chat
        @JsonSubTypes.Type(ClientMessage.ChatSubscribe.class),
        @JsonSubTypes.Type(ClientMessage.ChatUnsubscribe.class),
        @JsonSubTypes.Type(ClientMessage.ChatHistory.class),
        @JsonSubTypes.Type(ClientMessage.ChatSend.class),
        @JsonSubTypes.Type(ClientMessage.ChatMark.class),
        @JsonSubTypes.Type(ClientMessage.ChatTyping.class),
        @JsonSubTypes.Type(ClientMessage.ChatPresence.class),
        @JsonSubTypes.Type(ClientMessage.RequestRecording.class),
        @JsonSubTypes.Type(ClientMessage.StopRecording.class),
        @JsonSubTypes.Type(ClientMessage.RecordingConsent.class),
})
public sealed interface ClientMessage {

    /** The client's id for this request, echoed in the reply. 1–64 characters. */
    String id();

    /**
     * The first frame on every connection. Carries either a join {@code token} (from the join
     * link) or a {@code resume} token (from an earlier {@code welcome}), never both. With
     * {@code lastSeq}, a resuming client asks for the session events it missed.
     */
    @JsonTypeName("hello")
    record Hello(String id, String token, String resume, Long lastSeq, String client) implements ClientMessage {
        public static Hello withToken(String id, String token) {
            return new Hello(id, token, null, null, null);
        }

        public static Hello resuming(String id, String resumeToken, long lastSeq) {
            return new Hello(id, null, resumeToken, lastSeq, null);
        }
    }

    /** An application-level heartbeat for clients that cannot see WebSocket pings (browsers). */
    @JsonTypeName("ping")
    record Ping(String id) implements ClientMessage {
    }

    /** Marks the sender {@code joined} or {@code away}. */
    @JsonTypeName("presence.set")
    record SetPresence(String id, PresenceState state) implements ClientMessage {
    }

    /** The sender leaves the session for good; the server acks and closes with 1000. */
    @JsonTypeName("leave")
    record Leave(String id) implements ClientMessage {
    }

    /** A host ends the session for everyone. */
    @JsonTypeName("session.end")
    record EndSession(String id) implements ClientMessage {
    }

    /** A host lets a participant in from the waiting room. Repeating it for someone already let in changes nothing. */
    @JsonTypeName("participant.admit")
    record Admit(String id, String participantId) implements ClientMessage {
    }

    /** A host turns a waiting participant away: they are disconnected (4012) and cannot come back to this session. */
    @JsonTypeName("participant.deny")
    record Deny(String id, String participantId) implements ClientMessage {
    }

    /** A host sends an admitted participant (also one in the call) back to the waiting room. */
    @JsonTypeName("participant.send_back")
    record SendBack(String id, String participantId) implements ClientMessage {
    }

    /**
     * The sender enters the call with a fresh peer connection (after the pre-call check, or after
     * a page reload). Answered with {@code {"epoch": n}}; {@code call.peer} follows when there is
     * someone to connect to.
     */
    @JsonTypeName("call.join")
    record JoinCall(String id) implements ClientMessage {
    }

    /** The sender leaves the call but stays in the session (admitted). */
    @JsonTypeName("call.leave")
    record LeaveCall(String id) implements ClientMessage {
    }

    /**
     * WebRTC signalling for the sender's peer in the call: exactly one of {@code description}
     * (offer or answer) and {@code candidate}. {@code epoch} is the one from the latest
     * {@code call.peer}; signals for an older epoch are refused.
     */
    @JsonTypeName("signal")
    record Signal(String id, String to, Long epoch, SessionDescription description, IceCandidate candidate)
            implements ClientMessage {
    }

    /** The sender's microphone, camera and audio-only choice, shared with everyone who can see them. */
    @JsonTypeName("media.set")
    record SetMedia(String id, Boolean microphone, Boolean camera, Boolean audioOnly) implements ClientMessage {
    }

    // ---- Chat (docs/protocol.md#chat). conversationId may be left out: it then means the
    // conversation of this connection (a session's chat, or the care conversation it opened).

    /**
     * Starts receiving the conversation's events. Without {@code afterSeq} the ack carries the
     * newest messages; with it, the messages after it (after a reconnect).
     */
    @JsonTypeName("chat.subscribe")
    record ChatSubscribe(String id, String conversationId, Long afterSeq) implements ClientMessage {
    }

    /** Stops receiving the conversation's events on this connection. */
    @JsonTypeName("chat.unsubscribe")
    record ChatUnsubscribe(String id, String conversationId) implements ClientMessage {
    }

    /** A page of messages before {@code beforeSeq} or after {@code afterSeq} (at most one of them). */
    @JsonTypeName("chat.history")
    record ChatHistory(String id, String conversationId, Long beforeSeq, Long afterSeq, Integer limit) implements ClientMessage {
    }

    /**
     * Writes a message. Acked once it is durably stored. Resending with the same
     * {@code idempotencyKey} never stores it twice.
     */
    @JsonTypeName("chat.send")
    record ChatSend(String id, String conversationId, String idempotencyKey, String text) implements ClientMessage {
    }

    /** Receipts: the sender's devices have received up to {@code deliveredSeq} and read up to {@code readSeq}. */
    @JsonTypeName("chat.mark")
    record ChatMark(String id, String conversationId, Long deliveredSeq, Long readSeq) implements ClientMessage {
    }

    /** The sender is typing; the others are told (at most every few seconds), nothing is stored. */
    @JsonTypeName("chat.typing")
    record ChatTyping(String id, String conversationId) implements ClientMessage {
    }

    /** Who is there now: whether someone of the care team is online (and, for the care team, which members are). */
    @JsonTypeName("chat.presence")
    record ChatPresence(String id, String conversationId) implements ClientMessage {
    }

    /**
     * Asks for the session to be recorded (roles the tenant allows: therapists by default). The
     * sender has been shown consent text {@code textVersion}, and asking counts as their own yes.
     * Everyone else is asked; recording starts only once everyone in the session has said yes.
     */
    @JsonTypeName("recording.request")
    record RequestRecording(String id, String textVersion) implements ClientMessage {
    }

    /** Ends the request: the recorder is told to stop (the same roles as {@code recording.request}). */
    @JsonTypeName("recording.stop")
    record StopRecording(String id) implements ClientMessage {
    }

    /**
     * The sender's answer about being recorded: about themselves, or, with {@code participantId},
     * as a guardian (role {@code guardian}) for a participant who needs a guardian's yes.
     *
     * @param textVersion with {@code give}: the version of the consent text the sender was shown
     */
    @JsonTypeName("recording.consent")
    record RecordingConsent(String id, ConsentDecision decision, String participantId, String textVersion)
            implements ClientMessage {
    }
}
