package se.samtal.server.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import se.samtal.client.SamtalClient;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.Stage;
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
 * A cluster as an operator runs one, on loopback, for a test class: a test-started
 * {@code redis-server} with its append-only file flushed before every reply, and N samtal
 * processes (the shaded jar), each with its own port and data directory, all pointed at that
 * Redis; started before the class's tests, stopped after them. Nodes can be killed with SIGKILL;
 * Redis can be killed and started again.
 * {@code @RegisterExtension static final SamtalCluster cluster = SamtalCluster.of(3, "…yaml…");}
 */
public final class SamtalCluster implements BeforeAllCallback, AfterAllCallback {
    private final int count;
    private final String extra;
    private final String tenantExtra;
    private final List<ServerProcess> nodes = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private RedisServer redis;
    private SamtalClient client;
    private Path dir;

    private SamtalCluster(int count, String extra, String tenantExtra) {
        this.count = count;
        this.extra = extra;
        this.tenantExtra = tenantExtra;
    }

    /** {@code count} nodes, with {@code extra} YAML appended to each one's configuration. */
    public static SamtalCluster of(int count, String extra) {
        return new SamtalCluster(count, extra, "");
    }

    /** The same, with {@code tenantExtra} in the tenant's configuration (see {@link ServerProcess#config(Path, String, String)}). */
    public static SamtalCluster of(int count, String extra, String tenantExtra) {
        return new SamtalCluster(count, extra, tenantExtra);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("samtal-cluster");
        redis = RedisServer.startDurable();
        client = SamtalClient.create();
        String clusterConfig = """
                redis: {url: "%s", nodeTimeout: 2s}
                """.formatted(redis.url()) + extra;
        for (int i = 0; i < count; i++) {
            Path nodeDir = Files.createDirectories(dir.resolve("node-" + i));
            nodes.add(ServerProcess.launch(nodeDir, ServerProcess.config(nodeDir.resolve("data"), clusterConfig, tenantExtra)));
        }
        for (ServerProcess node : nodes) {
            try {
                ports.add(node.port());
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("a node did not start:\n" + node.output(), e);
            }
        }
        for (int i = 0; i < count; i++) {
            int node = i;
            await().atMost(Duration.ofSeconds(30)).until(() -> ready(node));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        client.close();
        nodes.parallelStream().forEach(ServerProcess::close);
        CompletableFuture.runAsync(http::close);
        redis.close();
        TestServer.deleteRecursively(dir);
    }

    /** The client the test's people connect with. */
    public SamtalClient client() {
        return client;
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

    /** The therapist and a patient of a visit booked through {@code bookOn}, each on their node, the patient let in. */
    public record Visit(Map<String, String> links, SamtalConnection therapist, SamtalConnection patient) {
        public String patientId() {
            return patient.welcome().you().participantId();
        }

        public String therapistId() {
            return therapist.welcome().you().participantId();
        }
    }

    public Visit admittedVisit(int bookOn, int therapistOn, int patientOn) throws IOException {
        Map<String, String> links = bookVisit(bookOn);
        SamtalConnection therapist = client.join(ws(therapistOn), links.get("therapist-1"));
        SamtalConnection patient = client.join(ws(patientOn), links.get("patient-1"));
        String patientId = patient.welcome().you().participantId();
        ChatTesting.await(therapist.request(id -> new ClientMessage.Admit(id, patientId)));
        try {
            if (patient.awaitEvent(ServerMessage.Presence.class, p -> p.participant().participantId().equals(patientId)
                    && p.participant().stage() == Stage.ADMITTED, Duration.ofSeconds(15)) == null) {
                throw new AssertionError("the patient was not told they were let in");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return new Visit(links, therapist, patient);
    }
}
