package se.samtal.server.gateway;

import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.ServerMessage;
import se.samtal.signalling.live.LiveSession;
import se.samtal.signalling.visit.Booking;
import se.samtal.signalling.visit.Principal;

import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Supplier;

/**
 * What a connection holds once its {@code hello} succeeded, and everything else that is the
 * connection's own while it lasts: who vouched for the person, and where they are — a place in a
 * live session (with the session's booking as it was when they joined), or membership of a care conversation — and, in
 * a session, its chat once entered. Lives on the {@link Connection} and goes with it; nothing of it
 * is kept in maps by connection id.
 */
public final class Seat {
    private static final AtomicIntegerFieldUpdater<Seat> FOLLOWING = AtomicIntegerFieldUpdater.newUpdater(Seat.class, "following");

    private final Principal principal;
    private final String participantId;
    private final LiveSession session;
    private final String conversationId;
    private final Supplier<List<ServerMessage>> refresh;
    /** 1 once the connection subscribed to its chat. */
    private volatile int following;
    private volatile String sessionChat;

    private Seat(Principal principal, String participantId, LiveSession session, String conversationId,
                 Supplier<List<ServerMessage>> refresh) {
        this.principal = principal;
        this.participantId = participantId;
        this.session = session;
        this.conversationId = conversationId;
        this.refresh = refresh;
    }

    /**
     * A place in a live session, with the person and the booking the place holds.
     *
     * @param refresh what the client is sent halfway through its resume token's life (a new token, new TURN credentials)
     */
    public static Seat inSession(LiveSession session, Supplier<List<ServerMessage>> refresh) {
        return new Seat(session.principal(), session.participantId(), session, null, refresh);
    }

    /** Membership of a care conversation (opened with the conversation's link). */
    public static Seat inConversation(Principal principal, String conversationId, String memberId,
                                      Supplier<List<ServerMessage>> refresh) {
        return new Seat(principal, memberId, null, conversationId, refresh);
    }

    public Principal principal() {
        return principal;
    }

    /** The participant's id in the session, or the member's id in the conversation. */
    public String participantId() {
        return participantId;
    }

    /** The place in the live session, or null for a conversation's connection. */
    public LiveSession session() {
        return session;
    }

    /** The live session, for requests that only make sense in one; a conversation's connection gets a typed error. */
    public LiveSession requireSession() {
        if (session == null) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "This connection is to a conversation, not a session.");
        }
        return session;
    }

    /**
     * The session's booking as it was when this connection joined (its expected participants do
     * not change): the one its place holds, shared with the session's other places where the
     * server keeps the session itself. Null for a conversation.
     */
    public Booking booking() {
        return session != null ? session.booking() : null;
    }

    /** The care conversation this connection was opened for, or null in a session. */
    public String conversationId() {
        return conversationId;
    }

    /** In a session: the id of its chat, once this connection entered it (null before). */
    public String sessionChat() {
        return sessionChat;
    }

    /** In a session: this connection entered the session's chat, whose conversation id is {@code chatId}. */
    public void enteredSessionChat(String chatId) {
        this.sessionChat = chatId;
    }

    /** Whether this is the connection's first subscription to its chat (true once; then its end unsubscribes). */
    public boolean startsFollowing() {
        return FOLLOWING.compareAndSet(this, 0, 1);
    }

    /** What the client is sent halfway through its resume token's life. */
    List<ServerMessage> refreshed() {
        return refresh.get();
    }
}
