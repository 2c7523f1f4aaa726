package se.samtal.chat;

import se.samtal.chat.live.ConversationKey;
import se.samtal.chat.store.Appended;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;

import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Messages whose append ended in {@code outcome_unknown} on this node: they may be stored without
 * anyone having been told (no fan-out, no observer, so no {@code message.created}). When the
 * sender's resend with the same key finds such a message stored (a duplicate), it is announced
 * then, once, as if it had just been written. Bounded, and per node: a resend that lands on
 * another node finds the message stored and cannot tell whether it was announced, so there it is
 * not (in cluster mode the hubs still hand it to live readers when they notice the gap).
 */
final class UnsettledSends {
    private static final int MAX = 10_000;
    private final Set<String> keys = ConcurrentHashMap.newKeySet();

    /** Notes an append that failed; only {@code outcome_unknown} leaves it unsettled. */
    void failed(ConversationKey conversation, String idempotencyKey, Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof SamtalException e && e.code() == ErrorCode.OUTCOME_UNKNOWN && keys.size() < MAX) {
            keys.add(id(conversation, idempotencyKey));
        }
    }

    /** Whether a stored append is to be announced: a new message, or the first duplicate of one whose outcome was unknown. */
    boolean announce(ConversationKey conversation, String idempotencyKey, Appended appended) {
        boolean wasUnknown = keys.remove(id(conversation, idempotencyKey));
        return !appended.duplicate() || wasUnknown;
    }

    private static String id(ConversationKey conversation, String idempotencyKey) {
        return conversation.tenantId() + '\u0000' + conversation.conversationId() + '\u0000' + idempotencyKey;
    }
}
