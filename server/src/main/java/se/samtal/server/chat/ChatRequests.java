package se.samtal.server.chat;

import se.samtal.chat.ChatActor;
import se.samtal.chat.ChatService;
import se.samtal.chat.store.MessageStore;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.audit.AuditAction;
import se.samtal.protocol.chat.ChatResults;
import se.samtal.server.audit.AuditFacts;
import se.samtal.server.audit.ChatAudit;
import se.samtal.server.gateway.Connection;
import se.samtal.server.gateway.Dispatcher;
import se.samtal.server.gateway.RequestContext;
import se.samtal.server.gateway.Seat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The chat requests of the WebSocket protocol. A connection uses exactly one conversation: the
 * care conversation its link opened, or the chat of the session it joined (entered on first use,
 * and kept on the connection's {@link Seat}). Everything touches the store, so every request runs
 * off the event loop in the connection's lane, after its earlier requests (session requests
 * included); a message is acked only once it is durable.
 * Reading history (also a subscription's first page) and writing leave audit events, as do
 * refusals for lack of authorization; a history page is sent only once its event is durable.
 */
public final class ChatRequests {
    /** How long a message's ack waits for its audit entry before it is answered {@code outcome_unknown}. */
    static final Duration AUDITED_WITHIN = Duration.ofSeconds(10);

    private final ChatService chat;
    private final ChatAudit audit;
    private final ChatWire wire;

    private final TeamPresence presence;
    /** Whether writing a message may block before it is queued for the store (cluster mode: Redis limits and reads). */
    private final boolean sendsBlock;

    /** @param sendsBlock whether writing a message may block before it is queued (cluster mode) */
    public ChatRequests(ChatService chat, ChatAudit audit, TeamPresence presence, boolean sendsBlock) {
        this.chat = chat;
        this.presence = presence;
        this.sendsBlock = sendsBlock;
        this.audit = audit;
        this.wire = new ChatWire(chat.limits().typingMillis());
    }

    public void registerWith(Dispatcher dispatcher) {
        dispatcher.register(ClientMessage.ChatSubscribe.class, (ctx, r) -> offLoop(ctx, AuditAction.CHAT_HISTORY_READ,
                        () -> subscribe(ctx, r)))
                .register(ClientMessage.ChatUnsubscribe.class, (ctx, r) -> offLoop(ctx, null, () -> unsubscribe(ctx, r)))
                .register(ClientMessage.ChatHistory.class, (ctx, r) -> offLoop(ctx, AuditAction.CHAT_HISTORY_READ, () -> history(ctx, r)))
                .register(ClientMessage.ChatSend.class, (ctx, r) -> ctx.inLane(sendMayBlock(ctx), () -> send(ctx, r),
                        refusal -> ctx.connection().lane().run(true, () -> refused(ctx, AuditAction.CHAT_MESSAGE_SENT, refusal))))
                .register(ClientMessage.ChatMark.class, (ctx, r) -> offLoop(ctx, null, () -> mark(ctx, r)))
                .register(ClientMessage.ChatTyping.class, (ctx, r) -> offLoop(ctx, null, () -> typing(ctx, r)))
                .register(ClientMessage.ChatPresence.class, (ctx, r) -> offLoop(ctx, null, () -> presence(ctx, r)));
    }

    /**
     * Runs a request in the connection's lane, off the event loop.
     *
     * @param audited the audit action a refusal of it is recorded as (null: not audited)
     */
    private void offLoop(RequestContext ctx, AuditAction audited, Runnable work) {
        ctx.inLane(true, work, refusal -> refused(ctx, audited, refusal));
    }

    /**
     * Whether a {@code chat.send} may block before its message is queued: in cluster mode (limits
     * and the session in Redis), or when a session's chat is first entered (a write). Otherwise it
     * runs on the connection's event loop when its lane is free — the store's writer and the
     * fan-out take it from there — and saves the hop to a virtual thread. A refusal's audit entry
     * (which may read the conversation's patients) is always written off the loop.
     */
    private boolean sendMayBlock(RequestContext ctx) {
        var seat = ctx.seat();
        return sendsBlock || (seat.conversationId() == null && seat.sessionChat() == null);
    }

    /** Records a refusal of an audited request (the audit keeps only authorization refusals). */
    private void refused(RequestContext ctx, AuditAction audited, SamtalException refusal) {
        if (audited != null) {
            audit.refused(actor(ctx), place(ctx, ctx.seat().sessionChat()), audited, refusal.code(), auditRequest(ctx));
        }
    }

    private static ChatActor actor(RequestContext ctx) {
        var p = ctx.seat().principal();
        return new ChatActor(p.tenantId(), p.ref(), p.role(), p.name());
    }

    /** Where the connection's chat is, for audit events: its conversation, and the session's booking for a session's chat. */
    private static ChatAudit.Place place(RequestContext ctx, String conversationId) {
        var seat = ctx.seat();
        return seat.session() != null ? new ChatAudit.Place(conversationId, seat.booking())
                : new ChatAudit.Place(seat.conversationId(), null);
    }

    private static String auditRequest(RequestContext ctx) {
        return AuditFacts.webSocketRequest(ctx.connection().connectionId(), ctx.requestId());
    }

    /** Who is asking, and the conversation this connection may use (checked against the one asked for). */
    private record Scope(ChatActor actor, String conversationId) {
    }

    private Scope scope(RequestContext ctx, String requested) {
        var seat = ctx.seat();
        var actor = actor(ctx);
        if (seat.session() != null) {
            // A session's chat is for those let in: not for someone in the waiting room.
            seat.session().checkAdmitted();
        }
        String own = seat.conversationId() != null ? seat.conversationId() : sessionChat(seat, actor);
        if (requested != null && !requested.equals(own)) {
            throw new SamtalException(ErrorCode.FORBIDDEN, "This connection can only use the conversation it was opened for.");
        }
        return new Scope(actor, own);
    }

    private String sessionChat(Seat seat, ChatActor actor) {
        String known = seat.sessionChat();
        if (known != null) {
            return known;
        }
        // People the booking expected read the session's chat from its start (the therapist may
        // have written before the patient came); others who join late follow the tenant's rule.
        boolean booked = seat.booking().participants().stream().anyMatch(p -> p.ref().equals(actor.ref()));
        String conversation = chat.enterSessionChat(actor, seat.session().sessionId(), booked).conversation().id();
        seat.enteredSessionChat(conversation);
        return conversation;
    }

    private void subscribe(RequestContext ctx, ClientMessage.ChatSubscribe request) {
        Scope scope = scope(ctx, request.conversationId());
        Connection connection = ctx.connection();
        chat.subscribe(scope.actor(), scope.conversationId(), request.afterSeq(), new ConnectionSubscriber(connection, wire),
                subscribed -> {
                    audit.subscribed(scope.actor(), place(ctx, scope.conversationId()), subscribed.state().members(),
                            subscribed.page(), request.afterSeq(), auditRequest(ctx));
                    ctx.ack(ChatWire.subscribed(subscribed));
                });
        if (ctx.seat().startsFollowing()) {
            connection.onClose(() -> chat.unsubscribe(scope.actor(), scope.conversationId(), connection.connectionId()));
        }
    }

    private void unsubscribe(RequestContext ctx, ClientMessage.ChatUnsubscribe request) {
        Scope scope = scope(ctx, request.conversationId());
        chat.unsubscribe(scope.actor(), scope.conversationId(), ctx.connection().connectionId());
        ctx.ack();
    }

    private void history(RequestContext ctx, ClientMessage.ChatHistory request) {
        Scope scope = scope(ctx, request.conversationId());
        var snapshot = chat.history(scope.actor(), scope.conversationId(), request.beforeSeq(), request.afterSeq(),
                request.limit());
        audit.historyRead(scope.actor(), place(ctx, scope.conversationId()), snapshot.members(), snapshot.page(),
                request.beforeSeq(), request.afterSeq(), auditRequest(ctx));
        ctx.ack(ChatWire.page(snapshot.page(), snapshot.you().id()));
    }

    /**
     * Writes a message. Nothing is written while the audit trail cannot record ({@code unavailable});
     * the ack waits until the message is durable and so is its audit entry. Embedded, the message
     * is linked into its conversation's hash chain, and the sender's first message of each clock
     * hour has the entry that stands for the hour, written in the message's own write (one commit,
     * one flush: both are stored or neither; {@link ChatAudit#sentWithin}).
     * Otherwise it follows the message; if it is not durable within {@link #AUDITED_WITHIN}, the
     * answer is {@code outcome_unknown}: the message is stored, its entry waits for the trail
     * (never given up), and the same key again gets the ack.
     */
    private void send(RequestContext ctx, ClientMessage.ChatSend request) {
        Scope scope = scope(ctx, request.conversationId());
        audit.checkRecording();
        ChatAudit.Place place = place(ctx, scope.conversationId());
        String auditRequest = auditRequest(ctx);
        // Embedded, the entry is written in the message's own write: stored with it or not at all.
        MessageStore.WrittenWith entry = audit.writesWithMessages()
                ? appended -> audit.sentWithin(scope.actor(), place, appended, auditRequest) : null;
        chat.send(scope.actor(), scope.conversationId(), request.idempotencyKey(), request.text(),
                ctx.connection().connectionId(), entry).whenComplete((appended, failure) -> {
                    if (failure != null) {
                        if (RequestContext.cause(failure) instanceof SamtalException refusal) {
                            refused(ctx, AuditAction.CHAT_MESSAGE_SENT, refusal);
                        }
                        ctx.fail(failure);
                        return;
                    }
                    var message = appended.message();
                    CompletableFuture<?> audited = entry != null ? CompletableFuture.completedFuture(null)
                            : audit.sent(scope.actor(), place, appended, auditRequest)
                                    .orTimeout(AUDITED_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
                    audited.whenComplete((e, notAudited) -> {
                        if (notAudited == null) {
                            ctx.ack(new ChatResults.Sent(ChatWire.message(message, message.senderId()), appended.duplicate()));
                        } else {
                            ctx.fail(ErrorCode.OUTCOME_UNKNOWN, "The message is stored, but its audit entry is not yet; "
                                    + "send it again with the same idempotency key.", null);
                        }
                    });
                });
    }

    private void mark(RequestContext ctx, ClientMessage.ChatMark request) {
        Scope scope = scope(ctx, request.conversationId());
        var receipt = chat.mark(scope.actor(), scope.conversationId(), request.deliveredSeq(), request.readSeq(),
                ctx.connection().connectionId());
        ctx.ack(new ChatResults.Marked(receipt.deliveredSeq(), receipt.readSeq(), receipt.unread()));
    }

    private void presence(RequestContext ctx, ClientMessage.ChatPresence request) {
        Scope scope = scope(ctx, request.conversationId());
        var membership = chat.membership(scope.actor(), scope.conversationId());
        ctx.ack(presence.of(membership.state(), membership.you()));
    }

    private void typing(RequestContext ctx, ClientMessage.ChatTyping request) {
        Scope scope = scope(ctx, request.conversationId());
        chat.typing(scope.actor(), scope.conversationId());
        ctx.ack();
    }
}
