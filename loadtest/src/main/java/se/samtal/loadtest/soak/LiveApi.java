package se.samtal.loadtest.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The platform API of whichever node is up: a call goes to the next node in turn and, if that
 * one is down or fails, to the others, until {@code patience} has passed. The soak's own calls
 * (opening conversations, minting links, reading audit logs) must not fail because one node was
 * just killed: a platform behind a load balancer would not see that either.
 */
final class LiveApi implements AutoCloseable {
    private final SoakCluster cluster;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger next = new AtomicInteger();

    LiveApi(SoakCluster cluster, ObjectMapper json) {
        this.cluster = cluster;
        this.json = json;
    }

    JsonNode call(String method, String path, Object body, int expected, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            var node = cluster.nodes().get(Math.floorMod(next.getAndIncrement(), cluster.nodes().size()));
            if (!node.isUp()) {
                TimeUnit.MILLISECONDS.sleep(20);
                continue;
            }
            try {
                var request = HttpRequest.newBuilder(node.http().resolve(path)).timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + cluster.apiKey())
                        .header("Content-Type", "application/json")
                        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                        .build();
                var response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() == expected) {
                    return json.readTree(response.body());
                }
                last = new IllegalStateException(method + " " + path + " on node " + node.index + " answered "
                        + response.statusCode() + ": " + new String(response.body()));
            } catch (java.io.IOException e) {
                last = new IllegalStateException(method + " " + path + " on node " + node.index + ": " + e, e);
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw last != null ? last : new IllegalStateException("no node up for " + patience);
    }

    @Override
    public void close() {
        http.close();
    }
}
