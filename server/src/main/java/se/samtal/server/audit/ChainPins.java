package se.samtal.server.audit;

import se.samtal.audit.AuditAction;
import se.samtal.audit.AuditLog;
import se.samtal.audit.AuditObject;
import se.samtal.audit.Outcome;
import se.samtal.audit.chain.IndexRef;
import se.samtal.audit.store.AuditPage;
import se.samtal.audit.store.AuditQuery;
import se.samtal.audit.store.PageCursor;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The links of a conversation's message chain that its audit trail holds: each
 * {@code chat.message_sent} entry names a message ({@code detail.seq}) and its link
 * ({@code detail.chain}). The export compares them with the links recomputed from the stored
 * messages, so a rewrite of the messages that recomputed every link after it is found too, unless
 * the trail (itself chained, and copied to the {@code samtal.audit} stream) was rewritten as well.
 */
public final class ChainPins {
    private static final int PAGE = 1000;
    private static final Instant OPEN_END = Instant.parse("9999-12-31T23:59:59.999Z");

    private ChainPins() {
    }

    /** By message number, hex; empty if the trail holds none (cluster mode keeps no chain). */
    public static Map<Long, String> of(AuditLog log, String tenantId, String conversationId) {
        var pins = new HashMap<Long, String>();
        PageCursor after = null;
        do {
            AuditPage page = log.find(new AuditQuery(tenantId, IndexRef.Kind.OBJECT,
                    AuditObject.key(AuditObject.CONVERSATION, conversationId), Instant.EPOCH, OPEN_END, after, PAGE));
            for (var entry : page.entries()) {
                var event = entry.event();
                if (event.action() == AuditAction.CHAT_MESSAGE_SENT && event.outcome() == Outcome.SUCCESS
                        && event.detail().get("chain") instanceof String link && event.detail().get("seq") instanceof Long seq
                        && event.object() != null && conversationId.equals(event.object().id())) {
                    pins.put(seq, link);
                }
            }
            after = page.next();
        } while (after != null);
        return pins;
    }
}
