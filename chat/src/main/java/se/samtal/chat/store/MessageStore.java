package se.samtal.chat.store;

import se.samtal.chat.message.Message;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Where messages and receipts are kept. Membership is checked inside every call, in the same
 * atomic step as the read or write: a removed member is refused even a moment after removal.
 * Typed failures ({@code conversation_not_found}, {@code not_a_member}, ...) are
 * {@link se.samtal.protocol.SamtalException}s and change nothing.
 */
public interface MessageStore {

    /**
     * Stores a message and returns at once; the future completes when the message is durable.
     * Sequence numbers are given in the order of the calls for one conversation, so calls made
     * one after another get increasing numbers. A repeated idempotency key of the same sender
     * completes with the stored message and {@code duplicate = true} (a different text under
     * the key: {@code conflict}). Fails with {@code conversation_not_found}, {@code not_a_member},
     * {@code conversation_closed}; with {@code outcome_unknown} when the store stopped answering
     * after it was asked (the message may be stored: the same key again tells); any other failure
     * means nothing was stored.
     */
    CompletableFuture<Appended> append(Append append);

    /**
     * What else is written with a message, in the same atomic write: called on the store's
     * writer once the message is stored (or found under its key), before it is committed. What
     * it writes through another store on the same database commits with the message or not at
     * all; if it throws, the message is not stored and the append fails with what it threw.
     */
    @FunctionalInterface
    interface WrittenWith {
        void written(Appended appended);
    }

    /**
     * {@link #append(Append)}, with {@code with} written in the same atomic write.
     *
     * @throws UnsupportedOperationException if the store cannot (only the embedded store writes in
     *                                       transactions others can join)
     */
    default CompletableFuture<Appended> append(Append append, WrittenWith with) {
        throw new UnsupportedOperationException("this message store cannot write anything with a message");
    }

    /**
     * One consistent read for a member: the conversation, its current members with their
     * receipts, the member, their unread count, and a page of the messages they may read.
     * {@code sequence_out_of_range} if a sequence number in the query is beyond the newest
     * message (+1 for {@code beforeSeq}).
     */
    Snapshot read(String tenantId, String conversationId, String memberRef, HistoryQuery query);

    /**
     * Moves a member's receipts forward (never back): {@code deliveredSeq} and {@code readSeq}
     * (null: unchanged; reading implies having received). Beyond the newest message:
     * {@code sequence_out_of_range}.
     */
    Receipt mark(String tenantId, String conversationId, String memberRef, Long deliveredSeq, Long readSeq);

    /** Per current member (by member id): messages of others after their {@code readSeq} that they may read. */
    java.util.Map<String, Integer> unread(String tenantId, String conversationId);

    /** Messages after {@code afterSeq} in order, at most {@code limit}, for the provider's export (no membership). */
    List<Message> export(String tenantId, String conversationId, long afterSeq, int limit);

    /**
     * Recomputes the conversation's hash chain over its stored messages (for the export), and
     * compares it with {@code pins}: links kept elsewhere (the audit trail's), by message number, asked
     * for only if the store keeps a chain. A
     * pin of a message that should be stored (after the chain's anchor) must match its recomputed
     * link, so a rewrite that recomputed every stored link is found too; pins at or before the
     * anchor (removed by retention, or before the chain) are not checked.
     * {@code conversation_not_found} if there is none. A store that keeps no chain answers
     * {@link ChainCheck.Status#NOT_KEPT}.
     */
    default ChainCheck verifyChain(String tenantId, String conversationId, Supplier<Map<Long, String>> pins) {
        return ChainCheck.notKept();
    }

    /**
     * Retention: deletes the tenant's messages written before {@code cutoff}, at most
     * {@code limit} in one go, and conversations that have nothing left to keep (session chats
     * and closed care conversations untouched since {@code cutoff}). Conversations on legal hold
     * are left alone entirely.
     */
    PurgeResult purge(String tenantId, Instant cutoff, int limit);
}
