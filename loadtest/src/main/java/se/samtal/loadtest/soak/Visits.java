package se.samtal.loadtest.soak;

import se.samtal.loadtest.peer.Frames;
import se.samtal.loadtest.peer.SamtalPeer;
import se.samtal.loadtest.wire.WsClient;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.WireCodec;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Short visits, one after another: booked through the API, the therapist joins on the next node
 * that is up and ends the session. Each session that ended (its {@code session.end} was
 * acknowledged, or, where the answer was lost, the API says it ended) must reach the platform as
 * a {@code session.ended} webhook, whatever was killed in between.
 */
final class Visits implements Runnable {
    private final SoakCluster cluster;
    private final LiveApi api;
    private final WsClient client;
    private final WireCodec codec;
    private final Frames frames;
    private final Duration every;
    private final long endNanos;
    final Set<String> ended = ConcurrentHashMap.newKeySet();
    final Set<String> maybeEnded = ConcurrentHashMap.newKeySet();
    private int turn;

    Visits(SoakCluster cluster, LiveApi api, WsClient client, WireCodec codec, Frames frames, Duration every, long endNanos) {
        this.cluster = cluster;
        this.api = api;
        this.client = client;
        this.codec = codec;
        this.frames = frames;
        this.every = every;
        this.endNanos = endNanos;
    }

    @Override
    public void run() {
        try {
            for (int i = 0; System.nanoTime() < endNanos; i++) {
                visit(i);
                TimeUnit.NANOSECONDS.sleep(every.toNanos());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void visit(int i) throws InterruptedException {
        String session;
        String token;
        try {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            session = api.call("POST", "/api/v1/sessions", Map.of("kind", "video", "title", "Soak",
                    "scheduledStart", now.toString(), "scheduledEnd", now.plus(1, ChronoUnit.HOURS).toString(),
                    "participants", List.of(Map.of("ref", "soak-t-" + i, "role", "therapist", "name", "Terapeut"))),
                    201, Duration.ofSeconds(30)).get("id").asText();
            token = api.call("POST", "/api/v1/sessions/" + session + "/links", Map.of("ref", "soak-t-" + i), 201,
                    Duration.ofSeconds(30)).get("token").asText();
        } catch (RuntimeException e) {
            return; // not booked: nothing to expect
        }
        var node = cluster.nodes().get(Math.floorMod(turn++, cluster.nodes().size()));
        if (!node.isUp()) {
            return;
        }
        SamtalPeer peer = null;
        boolean asked = false;
        try {
            peer = SamtalPeer.open(client, node.ws(), codec, frames).get(10, TimeUnit.SECONDS);
            peer.hello(token).get(20, TimeUnit.SECONDS);
            asked = true;
            peer.request(ClientMessage.EndSession::new).get(20, TimeUnit.SECONDS);
            ended.add(session);
        } catch (Exception e) {
            if (asked) {
                maybeEnded.add(session);
            }
        } finally {
            if (peer != null) {
                peer.connection().drop();
            }
        }
    }

    /** Sessions whose end was not answered but that the API says ended: the platform must hear of them too. */
    void settle() throws InterruptedException {
        for (String session : maybeEnded) {
            try {
                var status = api.call("GET", "/api/v1/sessions/" + session, null, 200, Duration.ofSeconds(30)).path("status").asText();
                if (status.equals("ended")) {
                    ended.add(session);
                }
            } catch (RuntimeException e) {
                // unknown still: not counted either way
            }
        }
    }
}
