package se.samtal.server.chat;

import se.samtal.chat.ChatActor;
import se.samtal.chat.ChatService;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.chat.ChatResults;
import se.samtal.server.gateway.Connection;
import se.samtal.server.gateway.Dispatcher;
import se.samtal.server.gateway.RequestContext;
import se.samtal.server.gateway.SerialExecutor;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The chat requests of the WebSocket protocol. A connection uses exactly one conversation: the
 * care conversation its link opened, or the chat of the session it joined (entered on first
 * use). Everything that touches the store runs on the blocking executor, one request of a
 * connection after the other in the order they came; a message is acked only once it is durable.
 */
public final class ChatRequests {
    private final ChatService chat;
    private final Executor blocking;
    private final ChatWire wire;
    private final Map<String, String> sessionChats = new ConcurrentHashMap<>();
    private final Map<String, SerialExecutor> queues = new ConcurrentHashMap<>();
    private final Set<String> following = ConcurrentHashMap.newKeySet();

    public ChatRequests(ChatService chat, Executor blocking) {
        this.chat = chat;
        this.blocking = blocking;
        this.wire = new ChatWire(chat.limits().typingMillis());
    }

    public void registerWith(Dispatcher dispatcher) {
        dispatcher.register(ClientMessage.ChatSubscribe.class, (ctx, r) -> offLoop(ctx, () -> subscribe(ctx, r)))
                .register(ClientMessage.ChatUnsubscribe.class, (ctx, r) -> offLoop(ctx, () -> unsubscribe(ctx, r)))
                .register(ClientMessage.ChatHistory.class, (ctx, r) -> offLoop(ctx, () -> history(ctx, r)))
                .register(ClientMessage.ChatSend.class, (ctx, r) -> offLoop(ctx, () -> send(ctx, r)))
                .register(ClientMessage.ChatMark.class, (ctx, r) -> offLoop(ctx, () -> mark(ctx, r)))
                .register(ClientMessage.ChatTyping.class, (ctx, r) -> offLoop(ctx, () -> typing(ctx, r)));
    }

    /** Runs a request off the event loop, after the connection's earlier chat requests. */
    private void offLoop(RequestContext ctx, Runnable work) {
        Connection connection = ctx.connection();
        String id = connection.connectionId();
        SerialExecutor queue = queues.get(id);
        if (queue == null) {
            var fresh = new SerialExecutor(blocking);
            queue = queues.putIfAbsent(id, fresh);
            if (queue == null) {
                queue = fresh;
                connection.onClose(() -> queues.remove(id));
            }
        }
        queue.execute(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                ctx.fail(e);
            }
        });
    }

    /** Who is asking, and the conversation this connection may use (checked against the one asked for). */
    private record Scope(ChatActor actor, String conversationId) {
    }

    private Scope scope(RequestContext ctx, String requested) {
        var binding = ctx.binding();
        var p = binding.principal();
        var actor = new ChatActor(p.tenantId(), p.ref(), p.role(), p.name());
        if (binding.session() != null) {
            // A session's chat is for those let in: not for someone in the waiting room.
            binding.session().act(ctx.connection(), binding.participantId(), room -> room.checkAdmitted(binding.participantId()));
        }
        String own = binding.conversationId() != null ? binding.conversationId() : sessionChat(ctx.connection(), actor);
        if (requested != null && !requested.equals(own)) {
            throw new SamtalException(ErrorCode.FORBIDDEN, "This connection can only use the conversation it was opened for.");
        }
        return new Scope(actor, own);
    }

    private String sessionChat(Connection connection, ChatActor actor) {
        String id = connection.connectionId();
        String known = sessionChats.get(id);
        if (known != null) {
            return known;
        }
        var session = connection.binding().session();
        // People the booking expected read the session's chat from its start (the therapist may
        // have written before the patient came); others who join late follow the tenant's rule.
        boolean booked = session.booking().participants().stream().anyMatch(p -> p.ref().equals(actor.ref()));
        String conversation = chat.enterSessionChat(actor, session.sessionId(), booked).conversation().id();
        if (sessionChats.putIfAbsent(id, conversation) == null) {
            connection.onClose(() -> sessionChats.remove(id));
        }
        return conversation;
    }

    private void subscribe(RequestContext ctx, ClientMessage.ChatSubscribe request) {
        Scope scope = scope(ctx, request.conversationId());
        Connection connection = ctx.connection();
        chat.subscribe(scope.actor(), scope.conversationId(), request.afterSeq(), new ConnectionSubscriber(connection, wire),
                subscribed -> ctx.ack(ChatWire.subscribed(subscribed)));
        String id = connection.connectionId();
        if (following.add(id)) {
            connection.onClose(() -> {
                following.remove(id);
                chat.unsubscribe(scope.actor(), scope.conversationId(), id);
            });
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
        ctx.ack(ChatWire.page(snapshot.page(), snapshot.you().id()));
    }

    private void send(RequestContext ctx, ClientMessage.ChatSend request) {
        Scope scope = scope(ctx, request.conversationId());
        chat.send(scope.actor(), scope.conversationId(), request.idempotencyKey(), request.text(),
                ctx.connection().connectionId()).whenComplete((appended, failure) -> {
                    if (failure != null) {
                        ctx.fail(failure);
                    } else {
                        var message = appended.message();
                        ctx.ack(new ChatResults.Sent(ChatWire.message(message, message.senderId()), appended.duplicate()));
                    }
                });
    }

    private void mark(RequestContext ctx, ClientMessage.ChatMark request) {
        Scope scope = scope(ctx, request.conversationId());
        var receipt = chat.mark(scope.actor(), scope.conversationId(), request.deliveredSeq(), request.readSeq(),
                ctx.connection().connectionId());
        ctx.ack(new ChatResults.Marked(receipt.deliveredSeq(), receipt.readSeq(), receipt.unread()));
    }

    private void typing(RequestContext ctx, ClientMessage.ChatTyping request) {
        Scope scope = scope(ctx, request.conversationId());
        chat.typing(scope.actor(), scope.conversationId());
        ctx.ack();
    }
}
