package se.samtal.server.chat;

import se.samtal.chat.ChatObserver;
import se.samtal.chat.conversation.Conversation;
import se.samtal.chat.conversation.Member;
import se.samtal.chat.message.Message;
import se.samtal.server.metrics.SamtalMetrics;
import se.samtal.server.tenant.Tenants;
import se.samtal.server.webhook.WebhookDispatcher;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Tells the platform about messages for people who are not connected ({@code message.created}
 * webhook), so it can reach them its own way (an SMS, a push message, a notice on 1177). The
 * webhook names the conversation and the recipients by the platform's own refs; it never
 * carries the message, names or titles.
 */
public final class ChatNotifications implements ChatObserver {
    /** How long a message's ack waits at most for its {@code message.created} to be in the outbox. */
    private static final Duration OUTBOX_WAIT = Duration.ofSeconds(5);
    private final Tenants tenants;
    private final WebhookDispatcher webhooks;
    private final SamtalMetrics metrics;

    public ChatNotifications(Tenants tenants, WebhookDispatcher webhooks, SamtalMetrics metrics) {
        this.tenants = tenants;
        this.webhooks = webhooks;
        this.metrics = metrics;
    }

    @Override
    public void messageStored(Conversation conversation, Message message, List<Member> offline) {
        metrics.chatMessage(conversation.tenantId(), conversation.kind().wire());
        if (offline.isEmpty()) {
            return;
        }
        // Called before the sender's ack (off event loops): the ack waits until message.created is
        // in the durable outbox, so an acknowledged message's notification survives a crash.
        tenants.byId(conversation.tenantId()).ifPresent(tenant -> {
            try {
                webhooks.publishDurably(tenant, "message.created", data(conversation, message, offline))
                        .get(OUTBOX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // Still queued: added as soon as the outbox takes it (only a crash before then loses it).
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    static Map<String, Object> data(Conversation conversation, Message message, List<Member> offline) {
        var data = new LinkedHashMap<String, Object>();
        data.put("conversationId", conversation.id());
        data.put("kind", conversation.kind().wire());
        if (conversation.sessionId() != null) {
            data.put("sessionId", conversation.sessionId());
        }
        if (conversation.externalRef() != null) {
            data.put("externalRef", conversation.externalRef());
        }
        data.put("seq", message.seq());
        data.put("senderRole", message.senderRole().wire());
        data.put("recipients", offline.stream()
                .map(m -> Map.of("ref", m.ref(), "memberId", m.id(), "role", m.role().wire()))
                .toList());
        return data;
    }
}
