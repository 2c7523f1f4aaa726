package se.samtal.server.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where webhook events wait until delivered: durably (the embedded store, or Redis in cluster
 * mode), so a crash or a restart loses none. Events of one key (a session, a conversation) are
 * handed out one at a time, in the order they were added; a node that claims one holds it for a
 * lease, during which no other node gets anything of that key, so exactly one node delivers it
 * (another takes over once the lease runs out: at least once, never out of order). Every call
 * blocks (call them off event loops). The contract is {@code WebhookOutboxContract}.
 */
public interface WebhookOutbox extends AutoCloseable {

    /**
     * Whether other nodes add to it too (cluster mode): then a node cannot know from its own adds
     * whether events wait, and keeps looking every 250 ms.
     */
    default boolean shared() {
        return false;
    }

    /** Adds events, in this order, and returns once they are durable. */
    void add(List<OutboxEvent> events);

    /**
     * Claims for {@code node} at most {@code max} events due at {@code now}: each the oldest event
     * of its key, of keys that no claim holds (a claim holds until its lease ran out). Each is
     * held for {@code node} until {@code now + lease}.
     */
    List<OutboxEvent> claim(String node, int max, Instant now, Duration lease);

    /** Delivered (or given up): the event leaves the outbox, and the next of its key is due. */
    void done(String node, OutboxEvent event);

    /** Not delivered this time: due again at {@code at}, with one attempt more; {@code node}'s claim ends. */
    void retry(String node, OutboxEvent event, Instant at);

    /** Events waiting, of every node. */
    long pending();

    @Override
    void close();
}
