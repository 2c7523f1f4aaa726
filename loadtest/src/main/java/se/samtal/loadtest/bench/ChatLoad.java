package se.samtal.loadtest.bench;

import se.samtal.loadtest.measure.Latencies;
import se.samtal.loadtest.measure.Pacer;
import se.samtal.loadtest.peer.Frame;
import se.samtal.loadtest.wire.WsConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.WireCodec;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The chat traffic of B2 and B4 and what is measured of it. Every message is a {@code chat.send}
 * whose text starts with the time it was due ({@code t=<nanoTime> }, padded to
 * {@value #TEXT_CHARS} characters) and whose request id carries the same time, so a receiver
 * measures end-to-end latency from the text and the sender measures ack latency from the id,
 * without any shared table. Counters are reset at the start of each measured window.
 */
final class ChatLoad {
    static final int TEXT_CHARS = 100;
    private static final String PAD = "x".repeat(TEXT_CHARS);

    final LongAdder sent = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder acked = new LongAdder();
    /** Error replies and lost connections: cumulative, never reset (a step compares before and after). */
    final LongAdder errors = new LongAdder();
    final LongAdder closes = new LongAdder();
    final Latencies endToEnd = new Latencies();
    final Latencies ack = new Latencies();
    private final AtomicLong deliveredEver = new AtomicLong();
    private final AtomicLong keys = new AtomicLong();
    private final WireCodec codec;
    private final String deliveryType;
    private volatile String firstError;

    /** @param deliveryType the frame type a receiver gets a message as ({@code chat.message} from samtal) */
    ChatLoad(WireCodec codec, String deliveryType) {
        this.codec = codec;
        this.deliveryType = deliveryType;
    }

    /** The message a sender writes at {@code intendedNanos}. */
    byte[] message(long intendedNanos) {
        return message(intendedNanos, "");
    }

    /** The same with {@code tag} (no spaces) after the time, for a receiver to tell senders apart (B6: the sender's node). */
    byte[] message(long intendedNanos, String tag) {
        String stamp = "t=" + intendedNanos + " " + (tag.isEmpty() ? "" : tag + " ");
        String text = stamp + PAD.substring(stamp.length());
        return codec.encode(new ClientMessage.ChatSend("s" + intendedNanos, null, "k" + keys.incrementAndGet(), text));
    }

    /** A sender: {@code connection} writes one message each time it fires. */
    Pacer.Target sender(WsConnection connection) {
        return new Pacer.Target() {
            @Override
            public ScheduledExecutorService executor() {
                return connection.eventLoop();
            }

            @Override
            public void fire(long intendedNanos) {
                connection.send(message(intendedNanos));
                sent.increment();
            }
        };
    }

    /** Reads one frame's header (on the receiving connection's event loop). */
    void received(Frame frame) {
        long now = System.nanoTime();
        if (deliveryType.equals(frame.type())) {
            long due = dueTime(frame.text());
            if (due > 0) {
                endToEnd.recordNanos(now - due);
                delivered.increment();
                deliveredEver.incrementAndGet();
            }
        } else {
            replied(frame, now);
        }
    }

    /** Takes a sender's reply received at {@code now}: an ack (its latency from the request id) or an error. */
    void replied(Frame frame, long now) {
        if ("ack".equals(frame.type()) && frame.id() != null && frame.id().startsWith("s")) {
            ack.recordNanos(now - Long.parseLong(frame.id(), 1, frame.id().length(), 10));
            acked.increment();
        } else if (frame.isError()) {
            errors.increment();
            if (firstError == null) {
                firstError = frame.code();
            }
        }
    }

    static long dueTime(String text) {
        if (text == null || !text.startsWith("t=")) {
            return -1;
        }
        int end = text.indexOf(' ');
        return end < 0 ? -1 : Long.parseLong(text, 2, end, 10);
    }

    /** The tag a text was written with ({@link #message(long, String)}); null if it has none. */
    static String tag(String text) {
        int start = text == null ? -1 : text.indexOf(' ') + 1;
        int end = start <= 0 ? -1 : text.indexOf(' ', start);
        return end < 0 ? null : text.substring(start, end);
    }

    /** Starts a measured window: what came before is forgotten. */
    void resetWindow() {
        sent.reset();
        delivered.reset();
        acked.reset();
        endToEnd.reset();
        ack.reset();
    }

    /** Every delivery so far, across windows (to tell when the system has drained). */
    long deliveredEver() {
        return deliveredEver.get();
    }

    String firstError() {
        return firstError;
    }
}
