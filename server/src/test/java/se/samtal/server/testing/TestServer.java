package se.samtal.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import se.samtal.client.SamtalClient;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.WireCodec;
import se.samtal.redis.testing.RedisServer;
import se.samtal.server.SamtalServer;
import se.samtal.server.config.ConfigLoader;
import se.samtal.server.recording.RecordingBackends;
import se.samtal.server.tenant.Tenants;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A real samtal server on a random loopback port, with two tenants, a temporary data directory,
 * and helpers to call its API, sign tokens as a platform would, and connect clients.
 *
 * <p>With the system property {@code samtal.test.cluster=true} (the build's second run of the
 * protocol tests) it is a cluster instead: a test-started Redis and two nodes sharing it, and
 * every new connection goes to the other node than the one before, so the two people of a test
 * are on different nodes. The API is called on the first node.
 */
public final class TestServer implements AutoCloseable {
    public static final String TENANT = "region-a";
    public static final String ISSUER = "https://platform.region-a.test";
    public static final String SECRET = "region-a-platform-signing-secret-0123456789";
    public static final String API_KEY = "sk_test_region_a_0123456789abcdef";

    public static final String OTHER_TENANT = "provider-b";
    public static final String OTHER_ISSUER = "https://platform.provider-b.test";
    public static final String OTHER_SECRET = "provider-b-platform-signing-secret-987654321";
    public static final String OTHER_API_KEY = "sk_test_provider_b_fedcba9876543210";

    public static final String SIGNING_SECRET = "samtal-test-signing-secret-abcdefghijklmnop";

    private static final ObjectMapper JSON = WireCodec.newMapper();

    /** Whether this JVM runs the protocol tests against a two-node cluster. */
    public static final boolean CLUSTER = Boolean.getBoolean("samtal.test.cluster");

    private final SamtalServer server;
    private final List<SamtalServer> nodes;
    private final RedisServer redis;
    private final AtomicInteger turn = new AtomicInteger();
    private final FakeRecorder recorder;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private final TestClock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final SamtalClient client = SamtalClient.create();

    private TestServer(List<SamtalServer> nodes, RedisServer redis, FakeRecorder recorder, Path dataDir, boolean ownsDataDir,
            TestClock clock) {
        this.server = nodes.getFirst();
        this.clock = clock;
        this.nodes = nodes;
        this.redis = redis;
        this.recorder = recorder;
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
    }

    public static TestServer start() {
        return start(config -> { });
    }

    /** Starts a server with the base test configuration, changed by {@code tweak}. */
    public static TestServer start(Consumer<ObjectNode> tweak) {
        try {
            return start(Files.createTempDirectory("samtal-test"), true, tweak);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a server on an existing data directory (for restart tests); the caller removes it. */
    public static TestServer start(Path dataDir, boolean ownsDataDir, Consumer<ObjectNode> tweak) {
        return start(dataDir, ownsDataDir, TestClock.create(), tweak);
    }

    /** Starts a server whose time is {@code clock}'s (the test may move it). */
    public static TestServer start(TestClock clock, Consumer<ObjectNode> tweak) {
        try {
            return start(Files.createTempDirectory("samtal-test"), true, clock, tweak);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TestServer start(Path dataDir, boolean ownsDataDir, TestClock clock, Consumer<ObjectNode> tweak) {
        ObjectNode config = baseConfig(dataDir);
        tweak.accept(config);
        RedisServer redis = CLUSTER && !config.has("redis") ? RedisServer.start() : null;
        if (redis != null) {
            config.putObject("redis").put("url", redis.url()).put("nodeTimeout", "3s");
        }
        var nodes = new ArrayList<SamtalServer>();
        try {
            var bound = new ConfigLoader().bind(config, Map.of());
            // One recorder for every node, as an external recording service would be.
            var recorder = new FakeRecorder(clock);
            for (int i = 0; i < (redis != null ? 2 : 1); i++) {
                nodes.add(SamtalServer.start(bound, clock, new RecordingBackends(recorder, recorder)));
            }
            return new TestServer(nodes, redis, recorder, dataDir, ownsDataDir, clock);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            nodes.forEach(SamtalServer::close);
            if (redis != null) {
                redis.close();
            }
            throw e;
        }
    }

    public static ObjectNode baseConfig(Path dataDir) {
        ObjectNode root = JSON.createObjectNode();
        root.put("dataDir", dataDir.toString());
        root.putObject("http").put("bindAddress", "127.0.0.1").put("port", 0);
        root.putObject("tokens").put("signingSecret", SIGNING_SECRET);
        root.putObject("presence").put("reconnectGrace", "2s");
        root.putObject("shutdown").put("drainTimeout", "3s");
        // Every test connects from 127.0.0.1, and many refuse tokens and keys on purpose: the
        // allowances of failed authentication are raised out of their way. Tests of the limits
        // themselves (FailedAuthenticationIT) set their own.
        root.putObject("auth").put("failuresPerAddress", 100_000).put("failuresPerTenant", 1_000_000);
        var tenants = root.putArray("tenants");
        addTenant(tenants.addObject(), TENANT, ISSUER, SECRET, API_KEY);
        addTenant(tenants.addObject(), OTHER_TENANT, OTHER_ISSUER, OTHER_SECRET, OTHER_API_KEY);
        return root;
    }

    private static void addTenant(ObjectNode tenant, String id, String issuer, String secret, String apiKey) {
        tenant.put("id", id).put("issuer", issuer);
        tenant.putObject("keys").putArray("hs256Secrets").add(secret);
        tenant.putArray("apiKeys").addObject().put("id", id + "-platform").put("sha256", Tenants.sha256Hex(apiKey));
    }

    /** The first tenant's config node, to change its settings. */
    public static ObjectNode tenant(ObjectNode config) {
        return (ObjectNode) config.get("tenants").get(0);
    }

    public SamtalServer server() {
        return server;
    }

    /** The recorder the server records through: a fake that behaves like one (samtal has no real one yet). */
    public FakeRecorder recorder() {
        return recorder;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The server's clock: take every time a test sends or expects from it. */
    public TestClock clock() {
        return clock;
    }

    /** Now, on the server's clock. */
    public Instant now() {
        return clock.instant();
    }

    public URI baseUri() {
        return server.baseUri();
    }

    /** The origin of the server's public URL (where the join page is): what a browser sends as {@code Origin}. */
    public String publicUrlOrigin() {
        URI url = URI.create(server.publicUrl());
        return url.getScheme() + "://" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
    }

    /** Where a new connection goes: the server, or in a cluster each node in turn. */
    public URI wsUri() {
        var node = nodes.get(Math.floorMod(turn.getAndIncrement(), nodes.size()));
        return URI.create("ws://127.0.0.1:" + node.port() + "/ws");
    }

    public SamtalClient client() {
        return client;
    }

    /** Joins with a token; fails the test if the join is refused. */
    public SamtalConnection join(String token) {
        try {
            return client.join(wsUri(), token);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An HTTP response with its JSON body parsed (null if the body is not JSON). */
    public record Response(int status, JsonNode body, HttpResponse<String> raw) {
        public String errorCode() {
            return body != null && body.has("error") ? body.get("error").get("code").asText() : null;
        }
    }

    public Response api(String method, String path, Object body) {
        return api(method, path, body, API_KEY);
    }

    public Response api(String method, String path, Object body, String apiKey) {
        return call(http, baseUri(), method, path, body, apiKey);
    }

    /** Calls any samtal's HTTP API at {@code base} (a server started in another process, say). */
    public static Response call(HttpClient http, URI base, String method, String path, Object body, String apiKey) {
        try {
            var builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
            if (apiKey != null) {
                builder.header("Authorization", "Bearer " + apiKey);
            }
            if (body != null) {
                String text = body instanceof String s ? s : JSON.writeValueAsString(body);
                builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(text));
            } else {
                builder.method(method, HttpRequest.BodyPublishers.noBody());
            }
            return toResponse(http.send(builder.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response get(String path) {
        return api("GET", path, null, null);
    }

    private static Response toResponse(HttpResponse<String> response) {
        JsonNode body = null;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException ignored) {
            // not JSON (metrics, pages)
        }
        return new Response(response.statusCode(), body, response);
    }

    /** Books a video session starting now for one hour, with a therapist and a patient expected; returns its id. */
    public String bookSession() {
        return bookSession(API_KEY);
    }

    public String bookSession(String apiKey) {
        Instant now = now().truncatedTo(ChronoUnit.SECONDS);
        var body = Map.of(
                "kind", "video",
                "title", "Uppföljning",
                "scheduledStart", now.toString(),
                "scheduledEnd", now.plus(1, ChronoUnit.HOURS).toString(),
                "participants", java.util.List.of(
                        Map.of("ref", "therapist-1", "role", "therapist", "name", "Terapeut Tove"),
                        Map.of("ref", "patient-1", "role", "patient", "name", "Patient Pim")));
        Response response = api("POST", "/api/v1/sessions", body, apiKey);
        if (response.status() != 201) {
            throw new AssertionError("booking failed: " + response.status() + " " + response.raw().body());
        }
        return response.body().get("id").asText();
    }

    /** Mints a join link through the API for an expected participant; returns the token. */
    public String link(String sessionId, String ref) {
        Response response = api("POST", "/api/v1/sessions/" + sessionId + "/links", Map.of("ref", ref));
        if (response.status() != 201) {
            throw new AssertionError("minting failed: " + response.status() + " " + response.raw().body());
        }
        return response.body().get("token").asText();
    }

    /** Claims for a token as the first tenant's platform would sign it, valid for ten minutes from now (on the test clock). */
    public static JWTClaimsSet.Builder platformClaims(String sessionId, String ref, String role) {
        return platformClaims(sessionId, ref, role, TestClock.shiftedNow());
    }

    /** The same, valid for ten minutes from {@code now} (a server process of its own runs on the system clock). */
    public static JWTClaimsSet.Builder platformClaims(String sessionId, String ref, String role, Instant now) {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(ref)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(10, ChronoUnit.MINUTES)))
                .jwtID(UUID.randomUUID().toString())
                .claim("session", sessionId)
                .claim("role", role)
                .claim("name", "Namn " + ref);
    }

    /** Signs claims with HS256 and {@code secret}. */
    public static String sign(JWTClaimsSet claims, String secret) {
        try {
            var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        client.close();
        nodes.forEach(SamtalServer::close);
        if (redis != null) {
            redis.close();
        }
        http.close();
        if (ownsDataDir) {
            deleteRecursively(dataDir);
        }
    }

    public static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
