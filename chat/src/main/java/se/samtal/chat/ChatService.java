package se.samtal.chat;

import se.samtal.chat.conversation.Conversation;
import se.samtal.chat.conversation.ConversationStatus;
import se.samtal.chat.conversation.Member;
import se.samtal.chat.expectation.ChatPolicies;
import se.samtal.chat.expectation.ChatPolicy;
import se.samtal.chat.expectation.Expectations;
import se.samtal.chat.live.Audience;
import se.samtal.chat.live.ChatEvent;
import se.samtal.chat.live.ChatHub;
import se.samtal.chat.live.ChatSubscriber;
import se.samtal.chat.live.ConversationKey;
import se.samtal.chat.live.Subscription;
import se.samtal.chat.message.MessageText;
import se.samtal.chat.store.Append;
import se.samtal.chat.store.Appended;
import se.samtal.chat.store.ConversationStore;
import se.samtal.chat.store.HistoryQuery;
import se.samtal.chat.store.MessageStore;
import se.samtal.chat.store.Receipt;
import se.samtal.chat.store.SessionChat;
import se.samtal.chat.store.SessionChatJoin;
import se.samtal.chat.store.Snapshot;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.Role;
import se.samtal.protocol.SamtalException;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * What members do in conversations: follow one, read its history, write, mark what they have
 * read, show that they are typing. Membership is checked by the store on every read and write.
 * Methods block on the store (except {@link #send}, which returns a future): call them off the
 * event loop.
 */
public final class ChatService {
    private final ConversationStore conversations;
    private final MessageStore messages;
    private final ChatHub hub;
    private final ChatPolicies policies;
    private final ChatLimits limits;
    private final Throttle sendThrottle;
    private final Throttle typingThrottle;
    private final ChatObserver observer;
    private final IdSource ids;
    private final Clock clock;
    private final UnsettledSends unsettled = new UnsettledSends();

    /**
     * @param sendThrottle   messages per person (tenant and ref), across their conversations
     * @param typingThrottle typing indications per member and conversation; extra ones are dropped quietly
     */
    public ChatService(ConversationStore conversations, MessageStore messages, ChatHub hub, ChatPolicies policies,
                       ChatLimits limits, Throttle sendThrottle, Throttle typingThrottle, ChatObserver observer, IdSource ids,
                       Clock clock) {
        this.conversations = conversations;
        this.messages = messages;
        this.hub = hub;
        this.policies = policies;
        this.limits = limits;
        this.sendThrottle = sendThrottle;
        this.typingThrottle = typingThrottle;
        this.observer = observer;
        this.ids = ids;
        this.clock = clock;
    }

    /** The answer to a subscription: the conversation, the member, and the first page. */
    public record Subscribed(ConversationState state, Member you, int unread, se.samtal.chat.store.HistoryPage page,
                             Boolean recovered) {
    }

    /**
     * Puts a session participant in their session's chat (creating it on first use). Someone the
     * booking expected reads it from its start; anyone else reads from when they came, unless
     * the tenant lets late joiners see everything. Repeating it changes nothing.
     */
    public SessionChat enterSessionChat(ChatActor actor, String sessionId, boolean expectedByBooking) {
        var candidate = new Member(ids.next("m_"), actor.ref(), actor.role(), actor.name(), 1, 0, 0, clock.instant(), null);
        boolean seeEarlier = expectedByBooking || policies.of(actor.tenantId()).lateJoinersSeeAll();
        return conversations.joinSessionChat(new SessionChatJoin(actor.tenantId(), sessionId, ids.next("cv_"), candidate,
                seeEarlier, clock.instant()));
    }

    /**
     * Stops {@code ref}'s connections from following the session's chat, telling them why (a
     * host sent them back to the waiting room). They may follow it again once let back in.
     */
    public void revokeSessionChat(String tenantId, String sessionId, String ref, String reason) {
        conversations.findBySession(tenantId, sessionId)
                .ifPresent(c -> hub.revoke(new ConversationKey(tenantId, c.id()), ref, reason));
    }

    /**
     * Starts following a conversation. {@code reply} is called (on this thread) with the first
     * page before any event reaches the subscriber; the events that follow are exactly those
     * after the conversation's {@code lastSeq} in the reply. Without {@code afterSeq} the page
     * is the newest messages; with it, those after it ({@code recovered} says whether all of
     * them are still there).
     */
    public void subscribe(ChatActor actor, String conversationId, Long afterSeq, ChatSubscriber subscriber,
                          Consumer<Subscribed> reply) {
        var key = new ConversationKey(actor.tenantId(), conversationId);
        Subscription subscription = hub.subscribe(key, actor.ref(), subscriber);
        try {
            var query = afterSeq == null ? HistoryQuery.latest(limits.pageSize(), limits.maxPageBytes())
                    : HistoryQuery.after(afterSeq, limits.maxPageSize(), limits.maxPageBytes());
            Snapshot snapshot = messages.read(actor.tenantId(), conversationId, actor.ref(), query);
            Boolean recovered = afterSeq == null ? null : afterSeq + 1 >= snapshot.page().historyStart();
            var subscribed = new Subscribed(state(snapshot.conversation(), snapshot.members()), snapshot.you(),
                    snapshot.unread(), snapshot.page(), recovered);
            if (!hub.goLive(subscription, snapshot.page().lastSeq(), () -> reply.accept(subscribed))) {
                throw new SamtalException(ErrorCode.UNAVAILABLE, "The conversation was too busy to follow; subscribe again.");
            }
        } catch (RuntimeException e) {
            hub.unsubscribe(subscription);
            throw e;
        }
    }

    public void unsubscribe(ChatActor actor, String conversationId, String connectionId) {
        hub.unsubscribe(new ConversationKey(actor.tenantId(), conversationId), connectionId);
    }

    /** A page of history: after {@code afterSeq}, before {@code beforeSeq}, or the newest. */
    public Snapshot history(ChatActor actor, String conversationId, Long beforeSeq, Long afterSeq, Integer limit) {
        if (beforeSeq != null && afterSeq != null) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "Give 'beforeSeq' or 'afterSeq', not both.");
        }
        int size = limit == null ? limits.pageSize() : limit;
        if (size < 1 || size > limits.maxPageSize()) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "'limit' must be between 1 and " + limits.maxPageSize() + ".");
        }
        return messages.read(actor.tenantId(), conversationId, actor.ref(),
                new HistoryQuery(beforeSeq, afterSeq, size, limits.maxPageBytes()));
    }

    /**
     * Writes a message. The future completes once it is durably stored and has been handed to
     * every other connection following the conversation (not to {@code connectionId}, the
     * sender's, which gets the result instead). A repeated idempotency key completes with the
     * message stored the first time and tells nobody again, unless the first time's outcome was
     * unknown on this node: then nobody was told, and they are now. Typed failures change nothing.
     */
    public CompletableFuture<Appended> send(ChatActor actor, String conversationId, String idempotencyKey, String text,
                                            String connectionId) {
        return send(actor, conversationId, idempotencyKey, text, connectionId, null);
    }

    /**
     * {@link #send}, with {@code with} written in the message's own write (see
     * {@link MessageStore.WrittenWith}; the store must support it: the embedded one does).
     *
     * @param with what to write with the message; null: nothing
     */
    public CompletableFuture<Appended> send(ChatActor actor, String conversationId, String idempotencyKey, String text,
                                            String connectionId, MessageStore.WrittenWith with) {
        MessageText.checkKey(idempotencyKey);
        String body = MessageText.check(text, limits.maxMessageChars());
        if (actor.role() == Role.OBSERVER) {
            throw new SamtalException(ErrorCode.FORBIDDEN, "Observers can read the chat but not write in it.");
        }
        long wait = sendThrottle.tryAcquire(actor.key());
        if (wait > 0) {
            throw SamtalException.rateLimited("Too many messages; wait a moment.", wait);
        }
        var key = new ConversationKey(actor.tenantId(), conversationId);
        var append = new Append(actor.tenantId(), conversationId, actor.ref(), idempotencyKey, body, clock.instant());
        return hub.inOrder(key, () -> with == null ? messages.append(append) : messages.append(append, with), (appended, failure) -> {
            if (appended == null) {
                unsettled.failed(key, idempotencyKey, failure);
            } else if (unsettled.announce(key, idempotencyKey, appended)) {
                published(key, appended, connectionId);
            }
        });
    }

    /**
     * Tells the others of a stored message. Writing marks everything up to the message read, so
     * the writer's receipts are now its {@code seq}: the {@code chat.message} itself says so, and
     * no separate receipt event is sent for it (the protocol's rule; half the frames of a busy
     * session's chat).
     */
    private void published(ConversationKey key, Appended appended, String senderConnection) {
        var message = appended.message();
        hub.publish(key, new ChatEvent.MessagePosted(message), Audience.exceptConnection(senderConnection));
        Set<String> connected = hub.connectedRefs(key);
        List<Member> offline = appended.members().stream()
                .filter(m -> !m.id().equals(message.senderId()) && !connected.contains(m.ref()))
                .toList();
        observer.messageStored(appended.conversation(), message, offline);
    }

    /** Moves the member's receipts forward and tells the others (and the member's other devices). */
    public Receipt mark(ChatActor actor, String conversationId, Long deliveredSeq, Long readSeq, String connectionId) {
        if (deliveredSeq == null && readSeq == null) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "Give 'deliveredSeq', 'readSeq' or both.");
        }
        Receipt receipt = messages.mark(actor.tenantId(), conversationId, actor.ref(), deliveredSeq, readSeq);
        if (receipt.changed()) {
            var event = new ChatEvent.ReceiptMoved(conversationId, receipt.memberId(), receipt.deliveredSeq(), receipt.readSeq());
            hub.publish(new ConversationKey(actor.tenantId(), conversationId), event, Audience.exceptConnection(connectionId));
        }
        return receipt;
    }

    /** Tells the other members that this one is typing, at most once per throttle period. Nothing is stored. */
    public void typing(ChatActor actor, String conversationId) {
        Conversation conversation = conversations.find(actor.tenantId(), conversationId)
                .orElseThrow(() -> new SamtalException(ErrorCode.CONVERSATION_NOT_FOUND));
        Member member = conversations.member(actor.tenantId(), conversationId, actor.ref()).filter(Member::isCurrent)
                .orElseThrow(() -> new SamtalException(ErrorCode.NOT_A_MEMBER));
        if (conversation.status() == ConversationStatus.CLOSED) {
            throw new SamtalException(ErrorCode.CONVERSATION_CLOSED);
        }
        if (typingThrottle.tryAcquire(actor.key() + '\u0000' + conversationId) > 0) {
            return;
        }
        hub.publish(new ConversationKey(actor.tenantId(), conversationId),
                new ChatEvent.Typing(conversationId, member.id(), member.role(), member.name()), Audience.exceptMember(actor.ref()));
    }

    /** A current member and their conversation as it is now. */
    public record Membership(ConversationState state, Member you) {
    }

    /** {@code actor} as a current member of the conversation ({@code conversation_not_found}, {@code not_a_member}). */
    public Membership membership(ChatActor actor, String conversationId) {
        Conversation conversation = conversations.find(actor.tenantId(), conversationId)
                .orElseThrow(() -> new SamtalException(ErrorCode.CONVERSATION_NOT_FOUND));
        var members = conversations.members(actor.tenantId(), conversationId);
        Member you = members.stream().filter(m -> m.ref().equals(actor.ref()) && m.isCurrent()).findFirst()
                .orElseThrow(() -> new SamtalException(ErrorCode.NOT_A_MEMBER));
        return new Membership(state(conversation, members), you);
    }

    /** The conversation with its members and what they are told to expect, now. */
    public ConversationState state(Conversation conversation, List<Member> members) {
        return new ConversationState(conversation, members.stream().filter(Member::isCurrent).toList(),
                Expectations.of(conversation, policies.of(conversation.tenantId()), clock.instant()));
    }

    /** Who hears what happens in conversations (webhooks, metrics, follow-up). */
    ChatObserver observer() {
        return observer;
    }

    public ChatLimits limits() {
        return limits;
    }

    public ChatPolicy policy(String tenantId) {
        return policies.of(tenantId);
    }
}
