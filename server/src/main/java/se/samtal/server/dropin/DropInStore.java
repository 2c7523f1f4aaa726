package se.samtal.server.dropin;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where drop-in conversations' own facts are kept ({@link DropIn}): embedded in
 * {@code <dataDir>/drop-in.db}, in Redis in cluster mode. Every call names the tenant. Blocks:
 * call it off event loops. The contract is {@code DropInStoreContract} (tests).
 */
public interface DropInStore {

    /**
     * Stores a new drop-in unless its entry already has {@code maxOpen} open ones (then false and
     * nothing stored). One atomic step.
     */
    boolean create(DropIn dropIn, int maxOpen);

    Optional<DropIn> byKeyHash(String tenantId, String keyHash);

    Optional<DropIn> byCodeHash(String tenantId, String codeHash);

    Optional<DropIn> byConversation(String tenantId, String conversationId);

    /** The conversation was closed at {@code at}, or reopened ({@code at} null). Nothing if there is no such drop-in. */
    void closed(String tenantId, String conversationId, Instant at);

    /** Blocks the drop-in's return code and key from {@code at}; false if there is no such drop-in. */
    boolean block(String tenantId, String conversationId, Instant at);

    /** An entry's open drop-ins, oldest first, at most {@code limit}. */
    List<DropIn> open(String tenantId, String entryId, int limit);

    /**
     * Moves the claim from {@code from} (null: unclaimed) to {@code to} (null: back to the queue),
     * atomically: empty if the drop-in does not exist or its claim is not {@code from} now.
     */
    Optional<DropIn> moveClaim(String tenantId, String conversationId, String from, String to, String toName);

    /** Records the video visit offered to the person (a session id). */
    void offerVisit(String tenantId, String conversationId, String sessionId);

    /** Open drop-ins of an entry. */
    int openCount(String tenantId, String entryId);

    /** Drop-ins closed before {@code cutoff}, oldest first, at most {@code limit}. */
    List<DropIn> closedBefore(String tenantId, Instant cutoff, int limit);

    /** Forgets a drop-in (its conversation was deleted). */
    void delete(String tenantId, String conversationId);

    boolean isHealthy();
}
