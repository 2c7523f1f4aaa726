package se.samtal.server.testing;

import se.samtal.redis.testing.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A cluster as an operator runs one, on loopback: a test-started {@code redis-server} with its
 * append-only file flushed before every reply, and N samtal processes (the shaded jar), each
 * with its own port and data directory, all pointed at that Redis. Nodes can be killed with
 * SIGKILL; Redis can be killed and started again.
 */
public final class SamtalCluster implements AutoCloseable {
    private final RedisServer redis;
    private final List<ServerProcess> nodes = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private SamtalCluster(RedisServer redis) {
        this.redis = redis;
    }

    /**
     * Starts Redis and {@code count} nodes, and waits until every node is ready.
     *
     * @param extra YAML appended to each node's configuration
     */
    public static SamtalCluster start(Path dir, int count, String extra) throws Exception {
        var cluster = new SamtalCluster(RedisServer.startDurable());
        try {
            String clusterConfig = """
                    redis: {url: "%s", nodeTimeout: 2s}
                    """.formatted(cluster.redis.url()) + extra;
            for (int i = 0; i < count; i++) {
                Path nodeDir = Files.createDirectories(dir.resolve("node-" + i));
                cluster.nodes.add(ServerProcess.launch(nodeDir, ServerProcess.config(nodeDir.resolve("data"), clusterConfig)));
            }
            for (ServerProcess node : cluster.nodes) {
                cluster.ports.add(node.port());
            }
            for (int i = 0; i < count; i++) {
                int node = i;
                await().atMost(Duration.ofSeconds(30)).until(() -> cluster.ready(node));
            }
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    public RedisServer redis() {
        return redis;
    }

    public URI http(int node) {
        return URI.create("http://127.0.0.1:" + ports.get(node));
    }

    public URI ws(int node) {
        return URI.create("ws://127.0.0.1:" + ports.get(node) + "/ws");
    }

    public ServerProcess process(int node) {
        return nodes.get(node);
    }

    /** Calls the platform API of {@code node} with the test tenant's key. */
    public TestServer.Response api(int node, String method, String path, Object body) {
        return TestServer.call(http, http(node), method, path, body, TestServer.API_KEY);
    }

    /** Whether {@code node} answers {@code /readyz} with 200. */
    public boolean ready(int node) {
        try {
            return TestServer.call(http, http(node), "GET", "/readyz", null, null).status() == 200;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /** SIGKILL: no shutdown hook, no goodbye to anyone. */
    public void kill(int node) throws InterruptedException {
        var process = nodes.get(node).process();
        process.toHandle().destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Books a video session through {@code node}'s API and mints links for the therapist and the patient. */
    public Map<String, String> bookVisit(int node) {
        var now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        var booked = api(node, "POST", "/api/v1/sessions", Map.of("kind", "video", "title", "Uppföljning",
                "scheduledStart", now.toString(), "scheduledEnd", now.plusSeconds(3600).toString(),
                "participants", List.of(Map.of("ref", "therapist-1", "role", "therapist", "name", "Terapeut Tove"),
                        Map.of("ref", "patient-1", "role", "patient", "name", "Patient Pim"),
                        Map.of("ref", "patient-2", "role", "patient", "name", "Patient Per"))));
        if (booked.status() != 201) {
            throw new AssertionError("booking failed: " + booked.raw().body());
        }
        String session = booked.body().get("id").asText();
        var links = new java.util.LinkedHashMap<String, String>();
        links.put("session", session);
        for (String ref : List.of("therapist-1", "patient-1", "patient-2")) {
            links.put(ref, api(node, "POST", "/api/v1/sessions/" + session + "/links", Map.of("ref", ref)).body().get("token").asText());
        }
        return links;
    }

    /** A link for someone the booking did not expect, as a guest (who waits until let in). */
    public String guestLink(int node, String session, String ref) {
        var minted = api(node, "POST", "/api/v1/sessions/" + session + "/links", Map.of("ref", ref, "role", "guest", "name", "Gäst"));
        if (minted.status() != 201) {
            throw new AssertionError("minting failed: " + minted.raw().body());
        }
        return minted.body().get("token").asText();
    }

    @Override
    public void close() {
        nodes.parallelStream().forEach(ServerProcess::close);
        CompletableFuture.runAsync(http::close);
        redis.close();
    }
}
