package se.samtal.loadtest.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * samtal as operators run it: the packaged jar ({@code java -jar samtal-server.jar --config FILE})
 * in a JVM of its own, on a loopback port, with one tenant whose API key the load generator
 * holds, and its data (SQLite, {@code synchronous=FULL}) in a directory of the run.
 */
public final class SamtalServerProcess implements AutoCloseable {
    /** The tenant every load test uses. */
    public static final String TENANT = "loadtest";

    private final JvmProcess process;
    private final int port;
    private final String apiKey;
    private final String configYaml;

    private SamtalServerProcess(JvmProcess process, int port, String apiKey, String configYaml) {
        this.process = process;
        this.port = port;
        this.apiKey = apiKey;
        this.configYaml = configYaml;
    }

    /**
     * Writes {@code dir/samtal.yaml} and starts the jar; returns once {@code /healthz} answers.
     *
     * @param settings extra top-level YAML (limits a benchmark raises, say), appended as is
     */
    public static SamtalServerProcess start(Path jar, Path dir, List<String> jvmFlags, String settings)
            throws InterruptedException {
        var server = launch(jar, dir, jvmFlags, settings, Secrets.random(), null);
        awaitAll(List.of(server), "/healthz");
        return server;
    }

    /**
     * Nodes in cluster mode on the Redis at {@code redisUrl}, each in a directory of its own with
     * the same tenant, API key and signing secret (as operations.md asks of a cluster); starts
     * them together and returns once every one answers {@code /readyz} (it reaches Redis and
     * listens to the cluster).
     */
    public static List<SamtalServerProcess> startCluster(Path jar, List<Path> dirs, List<String> jvmFlags, String settings,
                                                         String redisUrl) throws InterruptedException {
        var secrets = Secrets.random();
        var nodes = new ArrayList<SamtalServerProcess>();
        try {
            for (Path dir : dirs) {
                nodes.add(launch(jar, dir, jvmFlags, settings, secrets, redisUrl));
            }
        } catch (RuntimeException e) {
            nodes.forEach(SamtalServerProcess::close);
            throw e;
        }
        awaitAll(nodes, "/readyz");
        return List.copyOf(nodes);
    }

    /** The secrets every node of a deployment shares. */
    private record Secrets(String apiKey, String signing, String tenant) {
        static Secrets random() {
            return new Secrets("sk_loadtest_" + SamtalServerProcess.random(16), SamtalServerProcess.random(32),
                    SamtalServerProcess.random(32));
        }
    }

    private static SamtalServerProcess launch(Path jar, Path dir, List<String> jvmFlags, String settings, Secrets secrets,
                                              String redisUrl) {
        try {
            Files.createDirectories(dir);
            int port = freePort();
            String yaml = """
                    # Written by the load test harness (se.samtal.loadtest.process.SamtalServerProcess).
                    dataDir: %s
                    http: {bindAddress: 127.0.0.1, port: %d}
                    tokens: {signingSecret: "%s"}
                    shutdown: {drainTimeout: 2s}
                    tenants:
                      - id: %s
                        issuer: https://platform.loadtest.invalid
                        keys: {hs256Secrets: ["%s"]}
                        apiKeys: [{id: loadtest, sha256: "%s"}]
                    """.formatted(dir.resolve("data"), port, secrets.signing(), TENANT, secrets.tenant(), sha256Hex(secrets.apiKey()))
                    + (redisUrl == null ? "" : "redis: {url: \"%s\"}\n".formatted(redisUrl))
                    + (settings == null ? "" : settings);
            Path config = dir.resolve("samtal.yaml");
            Files.writeString(config, yaml);
            var process = JvmProcess.start(jvmFlags, List.of("-jar", jar.toString(), "--config", config.toString()),
                    dir.resolve("samtal.log"));
            return new SamtalServerProcess(process, port, secrets.apiKey(), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until every one of {@code servers} answers 200 at {@code path}; stops them all if one does not. */
    private static void awaitAll(List<SamtalServerProcess> servers, String path) throws InterruptedException {
        try {
            for (var server : servers) {
                server.process.awaitHealthy(server.baseUri().resolve(path), Duration.ofSeconds(60));
            }
        } catch (RuntimeException | InterruptedException e) {
            servers.forEach(SamtalServerProcess::close);
            throw e;
        }
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public URI webSocketUri() {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    public String apiKey() {
        return apiKey;
    }

    public JvmProcess process() {
        return process;
    }

    /** The configuration the server runs with (its secrets are random and die with the run). */
    public String configYaml() {
        return configYaml;
    }

    @Override
    public void close() {
        process.close();
    }

    /** A port that was free a moment ago (the server binds it right after). */
    public static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** {@code bytes} random bytes as hex: keys and secrets of a server started here. */
    public static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The SHA-256 of {@code text} as hex (how a configuration names an API key). */
    public static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
