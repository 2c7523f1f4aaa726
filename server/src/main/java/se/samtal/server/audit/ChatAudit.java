package se.samtal.server.audit;

import se.samtal.audit.Actor;
import se.samtal.audit.AuditAction;
import se.samtal.audit.AuditEvent;
import se.samtal.audit.AuditObject;
import se.samtal.chat.ChatActor;
import se.samtal.chat.conversation.Member;
import se.samtal.chat.message.Message;
import se.samtal.chat.store.Appended;
import se.samtal.chat.store.HistoryPage;
import se.samtal.protocol.ErrorCode;
import se.samtal.signalling.visit.Booking;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The audit events of chat over the WebSocket: a page of history read (which range), a
 * conversation followed (its first page is a read too), writing in a conversation (embedded: the
 * first message of each sender and hour; in cluster mode every message), and requests refused
 * for lack of authorization. Never a message's text. A history page is durable in the trail
 * before it is sent; the others are queued (a subscription's first page is answered under the
 * conversation's fan-out lock, where nothing may wait).
 */
public final class ChatAudit {
    private final AuditTrail trail;
    private final PatientLookup lookup;

    public ChatAudit(AuditTrail trail, PatientLookup lookup) {
        this.trail = trail;
        this.lookup = lookup;
    }

    /**
     * Where a chat request was: the conversation, and for a session's chat its session.
     *
     * @param session the booking of the session whose chat it is; null for a care conversation
     */
    public record Place(String conversationId, Booking session) {
        AuditObject object() {
            return session != null ? AuditObject.sessionChat(conversationId, session.id()) : AuditObject.conversation(conversationId);
        }
    }

    /** A page of history was read; durable before the page leaves. Off the event loop. */
    public void historyRead(ChatActor actor, Place place, List<Member> members, HistoryPage page, Long beforeSeq, Long afterSeq,
                            String request) {
        trail.beforeAnswer(withRange(event(actor, place, AuditAction.CHAT_HISTORY_READ, members, request), page.messages())
                .detail("beforeSeq", beforeSeq).detail("afterSeq", afterSeq).build());
    }

    /** The connection follows the conversation; its first page was read. Queued. */
    public void subscribed(ChatActor actor, Place place, List<Member> members, HistoryPage page, Long afterSeq, String request) {
        trail.queue(withRange(event(actor, place, AuditAction.CHAT_HISTORY_READ, members, request), page.messages())
                .detail("afterSeq", afterSeq).detail("via", "subscribe").build());
    }

    /**
     * A message was stored (or its idempotency key found the one stored before). Never blocks;
     * the future completes when the entry is durable (the ack waits for it).
     */
    public CompletableFuture<?> sent(ChatActor actor, Place place, Appended appended, String request) {
        return trail.record(sentEvent(actor, place, appended, request));
    }

    /**
     * Whether a message's entry is written in the message's own write ({@link #sentWithin}): the
     * trail's store shares the chat store's database.
     */
    public boolean writesWithMessages() {
        return trail.writesWithChat();
    }

    /**
     * A message is being stored, on the chat store's writer, inside that write. The sender's first
     * message in the conversation in a clock hour (UTC) gets an entry, which stands for their
     * messages of that hour: it names the message ({@code seq}), the hour, and the conversation's
     * hash-chain link at it ({@code chain}), which pins every message before it. The others are
     * held by the chain alone (each message's link is in its own row), and a repeat found by its
     * idempotency key is not a new message. The message and its entry commit together or not at
     * all, so the message's own future says when both are durable.
     *
     * @throws se.samtal.protocol.SamtalException {@code unavailable} if the trail cannot record now: the message is not stored
     */
    public void sentWithin(ChatActor actor, Place place, Appended appended, String request) {
        if (!appended.opensHour()) {
            return;
        }
        Instant sentAt = appended.message().sentAt();
        trail.recordWithin(event(actor, place, AuditAction.CHAT_MESSAGE_SENT, appended.members(), request)
                .detail("seq", appended.message().seq()).detail("hour", sentAt.truncatedTo(ChronoUnit.HOURS).toString())
                .detail("chain", appended.chain()).build());
    }

    private AuditEvent sentEvent(ChatActor actor, Place place, Appended appended, String request) {
        return event(actor, place, AuditAction.CHAT_MESSAGE_SENT, appended.members(), request)
                .detail("seq", appended.message().seq()).detail("duplicate", appended.duplicate()).build();
    }

    /** Refuses ({@code unavailable}) while the trail cannot record: a message is not written unrecorded. */
    public void checkRecording() {
        trail.checkRecording();
    }

    /**
     * A chat request refused with {@code code}: recorded if it is an authorization refusal.
     * Off the event loop (the conversation's patients are read).
     *
     * @param place where the connection is bound; its conversation id may be null (a session's
     *              chat not entered yet)
     */
    public void refused(ChatActor actor, Place place, AuditAction action, ErrorCode code, String request) {
        if (!AuditFacts.isAuthorizationRefusal(code)) {
            return;
        }
        var event = trail.event(actor.tenantId(), actor(actor), action).request(request).refused(code.wire())
                .patients(AuditFacts.ifPatient(actor.ref(), actor.role()));
        if (place.session() != null) {
            event.object(place.conversationId() != null ? place.object() : AuditObject.session(place.session().id()))
                    .patients(AuditFacts.patients(place.session()));
        } else if (place.conversationId() != null) {
            event.object(place.object()).patients(lookup.conversation(actor.tenantId(), place.conversationId()).patients());
        }
        trail.queue(event.build());
    }

    private AuditEvent.Builder event(ChatActor actor, Place place, AuditAction action, Collection<Member> members, String request) {
        var event = trail.event(actor.tenantId(), actor(actor), action).object(place.object()).request(request)
                .patients(AuditFacts.patients(members)).patients(AuditFacts.ifPatient(actor.ref(), actor.role()));
        if (place.session() != null) {
            event.patients(AuditFacts.patients(place.session()));
        }
        return event;
    }

    private static AuditEvent.Builder withRange(AuditEvent.Builder event, List<Message> messages) {
        event.detail("count", messages.size());
        if (!messages.isEmpty()) {
            event.detail("firstSeq", messages.getFirst().seq()).detail("lastSeq", messages.getLast().seq());
        }
        return event;
    }

    private static Actor actor(ChatActor actor) {
        return Actor.person(actor.ref(), actor.role().wire());
    }
}
