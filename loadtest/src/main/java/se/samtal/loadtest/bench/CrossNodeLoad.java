package se.samtal.loadtest.bench;

import se.samtal.loadtest.measure.Latencies;
import se.samtal.loadtest.measure.Pacer;
import se.samtal.loadtest.peer.Frame;
import se.samtal.loadtest.wire.WsConnection;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * B6's chat traffic: {@link ChatLoad}'s messages, each tagged with the node its sender is on
 * ({@code n0}, {@code n1}), so that a receiver, who knows its own node, records the delivery's
 * end-to-end latency as one that stayed on a node or one that crossed to the other. Deliveries
 * are also counted by the node that made them (the receiver's), for each node's CPU per delivery.
 */
final class CrossNodeLoad {
    /** The senders' side, counted by {@link ChatLoad}: what was sent, its acks and errors. */
    final LongAdder sent;
    final LongAdder acked;
    /** Error replies and lost connections: cumulative, never reset. */
    final LongAdder errors;
    final LongAdder closes;
    final Latencies ack;
    final Latencies sameNode = new Latencies();
    final Latencies otherNode = new Latencies();
    private final LongAdder[] deliveredBy;
    private final String[] tags;
    private final AtomicLong deliveredEver = new AtomicLong();
    private final ChatLoad messages;

    CrossNodeLoad(ChatLoad messages, int nodes) {
        this.messages = messages;
        this.sent = messages.sent;
        this.acked = messages.acked;
        this.errors = messages.errors;
        this.closes = messages.closes;
        this.ack = messages.ack;
        this.deliveredBy = new LongAdder[nodes];
        this.tags = new String[nodes];
        for (int i = 0; i < nodes; i++) {
            deliveredBy[i] = new LongAdder();
            tags[i] = "n" + i;
        }
    }

    /** A sender on {@code node}: {@code connection} writes one message each time it fires. */
    Pacer.Target sender(WsConnection connection, int node) {
        String tag = tags[node];
        return new Pacer.Target() {
            @Override
            public ScheduledExecutorService executor() {
                return connection.eventLoop();
            }

            @Override
            public void fire(long intendedNanos) {
                connection.send(messages.message(intendedNanos, tag));
                sent.increment();
            }
        };
    }

    /** Reads one frame's header, received by a connection on {@code node} (on its event loop). */
    void received(Frame frame, int node) {
        long now = System.nanoTime();
        if ("chat.message".equals(frame.type())) {
            long due = ChatLoad.dueTime(frame.text());
            String tag = ChatLoad.tag(frame.text());
            if (due > 0 && tag != null) {
                (tag.equals(tags[node]) ? sameNode : otherNode).recordNanos(now - due);
                deliveredBy[node].increment();
                deliveredEver.incrementAndGet();
            }
        } else {
            messages.replied(frame, now);
        }
    }

    /** Deliveries the node made in this window. */
    long deliveredBy(int node) {
        return deliveredBy[node].sum();
    }

    long deliveredEver() {
        return deliveredEver.get();
    }

    String firstError() {
        return messages.firstError();
    }

    /** Starts a measured window: what came before is forgotten. */
    void resetWindow() {
        messages.resetWindow();
        for (LongAdder d : deliveredBy) {
            d.reset();
        }
        sameNode.reset();
        otherNode.reset();
    }
}
