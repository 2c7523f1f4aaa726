package se.samtal.server.report;

import java.time.Instant;
import java.util.List;

/**
 * Where the activity of care conversations is kept for reports. Every call names the tenant.
 * Implementations block. The contract is {@code ChatActivityLogContract} in the server's tests.
 */
public interface ChatActivityLog {

    /** Appends (an entry already kept, same conversation, kind, number and time, is kept once). */
    void append(List<ChatActivity> activity);

    /** The tenant's activity with {@code at} in {@code [from, to)}, in time order (then as appended). */
    List<ChatActivity> between(String tenantId, Instant from, Instant to);

    /** Retention: removes the tenant's activity older than {@code cutoff}, at most {@code limit}; returns how much. */
    int purge(String tenantId, Instant cutoff, int limit);

    /** Removes everything of a conversation (it was deleted). */
    void deleteConversation(String tenantId, String conversationId);
}
