package se.samtal.server.chat;

import se.samtal.chat.ChatObserver;
import se.samtal.chat.conversation.Conversation;
import se.samtal.chat.conversation.Member;
import se.samtal.chat.message.Message;
import se.samtal.server.metrics.SamtalMetrics;
import se.samtal.server.tenant.Tenants;
import se.samtal.server.webhook.WebhookDispatcher;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells the platform about messages for people who are not connected ({@code message.created}
 * webhook), so it can reach them its own way (an SMS, a push message, a notice on 1177). The
 * webhook names the conversation and the recipients by the platform's own refs; it never
 * carries the message, names or titles.
 */
public final class ChatNotifications implements ChatObserver {
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
        tenants.byId(conversation.tenantId()).ifPresent(tenant -> webhooks.publish(tenant, "message.created",
                data(conversation, message, offline)));
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
