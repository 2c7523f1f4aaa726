package se.samtal.loadtest.soak;

import se.samtal.loadtest.peer.Frame;
import se.samtal.loadtest.peer.Frames;
import se.samtal.loadtest.peer.PeerException;
import se.samtal.loadtest.peer.SamtalPeer;
import se.samtal.loadtest.wire.WsClient;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.WireCodec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * A patient writing in a care conversation the way the browser client does (docs/protocol.md,
 * "What an outcome means"): one message at a time, each with its own idempotency key; an
 * {@code ack} is final; {@code outcome_unknown}, no reply in time or a connection that closed
 * first mean "it may be stored": the same key is sent again (after reconnecting, to another
 * node if need be) until an ack says what is stored; {@code unavailable} and {@code rate_limited}
 * mean "not stored": sent again later, with the same key, so that a refusal that was false
 * (the message was stored after all) shows up as an ack with {@code duplicate: true}; any other
 * error means "not stored, and never will be": that key is given up, and if it is found in the
 * history at the end, the error was false.
 */
final class ConversationWriter implements Runnable {
    private final int index;
    final String conversationId;
    private final SoakCluster cluster;
    private final LiveApi api;
    private final WsClient client;
    private final WireCodec codec;
    private final Frames frames;
    private final Duration pause;
    private final long endNanos;
    private final long drainEndNanos;
    private final Outcomes outcomes;
    private SamtalPeer peer;
    private int nodeTurn;

    /** Acknowledged messages in the order they were acknowledged: key → seq. */
    final Map<String, Long> acked = new LinkedHashMap<>();
    /** Keys answered with a definite "not stored" and given up, with the code. */
    final Map<String, String> givenUp = new HashMap<>();
    /** Keys once answered "not stored" (unavailable, rate_limited) and sent again. */
    private final Map<String, String> refusedOnce = new HashMap<>();
    /** What each key whose first answer was not a plain ack was answered, in order (for the report's misses). */
    final Map<String, List<String>> troubled = new ConcurrentHashMap<>();
    /** Keys whose outcome was never learnt (the drain deadline passed). */
    final List<String> unresolved = new ArrayList<>();

    /** What the writers saw, all together. */
    static final class Outcomes {
        final LongAdder sent = new LongAdder();
        final LongAdder acks = new LongAdder();
        final LongAdder duplicates = new LongAdder();
        final LongAdder falseRefusals = new LongAdder();
        final LongAdder reconnects = new LongAdder();
        final Map<String, LongAdder> replies = new ConcurrentHashMap<>();

        void reply(String what) {
            replies.computeIfAbsent(what, k -> new LongAdder()).increment();
        }
    }

    ConversationWriter(int index, String conversationId, SoakCluster cluster, LiveApi api, WsClient client, WireCodec codec,
                       Frames frames, Duration pause, long endNanos, long drainEndNanos, Outcomes outcomes) {
        this.index = index;
        this.conversationId = conversationId;
        this.cluster = cluster;
        this.api = api;
        this.client = client;
        this.codec = codec;
        this.frames = frames;
        this.pause = pause;
        this.endNanos = endNanos;
        this.drainEndNanos = drainEndNanos;
        this.outcomes = outcomes;
        this.nodeTurn = index;
    }

    static String patientRef(int index) {
        return "soak-p-" + index;
    }

    static String text(int writer, int n) {
        return "soak " + writer + " " + n;
    }

    @Override
    public void run() {
        try {
            for (int n = 0; System.nanoTime() < endNanos; n++) {
                resolve("soak-" + index + "-" + n, text(index, n));
                TimeUnit.NANOSECONDS.sleep(pause.toNanos());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (peer != null) {
                peer.connection().drop();
            }
        }
    }

    /** Sends one message until its outcome is known (or the drain deadline passes). */
    private void resolve(String key, String text) throws InterruptedException {
        outcomes.sent.increment();
        while (System.nanoTime() < drainEndNanos) {
            if (!connected()) {
                TimeUnit.MILLISECONDS.sleep(500);
                continue;
            }
            try {
                Frame ack = peer.request(id -> new ClientMessage.ChatSend(id, conversationId, key, text))
                        .get(SamtalPeer.REPLY_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
                boolean duplicate = "true".equals(ack.at("/result/duplicate"));
                if (duplicate || troubled.containsKey(key)) {
                    note(key, duplicate ? "ack (duplicate: true)" : "ack");
                }
                acked.put(key, Long.parseLong(ack.at("/result/message/seq")));
                outcomes.acks.increment();
                outcomes.reply(duplicate ? "ack (duplicate: true)" : "ack");
                if (duplicate) {
                    outcomes.duplicates.increment();
                    if (refusedOnce.containsKey(key)) {
                        outcomes.falseRefusals.increment(); // it was stored although "not stored" was answered
                    }
                }
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof PeerException refusal)) {
                    outcomes.reply(e.getCause() instanceof TimeoutException ? "no reply in time" : "failed: " + e.getCause());
                    note(key, "no reply");
                    dropConnection();
                    continue;
                }
                String code = refusal.code();
                outcomes.reply("closed".equals(code) ? "connection closed first" : "error " + code);
                note(key, code);
                switch (code) {
                    case "outcome_unknown" -> TimeUnit.MILLISECONDS.sleep(200);
                    case "closed" -> dropConnection();
                    case "unavailable", "rate_limited" -> {
                        refusedOnce.put(key, code);
                        TimeUnit.MILLISECONDS.sleep(500);
                    }
                    default -> {
                        givenUp.put(key, code);
                        return;
                    }
                }
            } catch (TimeoutException e) {
                outcomes.reply("no reply in time");
                note(key, "no reply");
                dropConnection();
            }
        }
        unresolved.add(key);
    }

    private void note(String key, String what) {
        troubled.computeIfAbsent(key, k -> new ArrayList<>()).add(what);
    }

    private void dropConnection() {
        if (peer != null) {
            peer.connection().drop();
            peer = null;
        }
    }

    /** A connection that said hello and subscribed, to the next node that is up; false if none could be had now. */
    private boolean connected() throws InterruptedException {
        if (peer != null && peer.connection().isOpen()) {
            return true;
        }
        peer = null;
        var nodes = cluster.nodes();
        var node = nodes.get(Math.floorMod(nodeTurn++, nodes.size()));
        if (!node.isUp()) {
            return false;
        }
        SamtalPeer opened = null;
        try {
            String token = api.call("POST", "/api/v1/conversations/" + conversationId + "/links",
                    Map.of("ref", patientRef(index)), 201, Duration.ofSeconds(30)).get("token").asText();
            opened = SamtalPeer.open(client, node.ws(), codec, frames).get(10, TimeUnit.SECONDS);
            opened.hello(token).get(20, TimeUnit.SECONDS);
            opened.request(id -> new ClientMessage.ChatSubscribe(id, conversationId, null)).get(20, TimeUnit.SECONDS);
            peer = opened;
            outcomes.reconnects.increment();
            return true;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            if (opened != null) {
                opened.connection().drop();
            }
            return false;
        }
    }
}
