package se.samtal.loadtest.soak;

import se.samtal.loadtest.process.JvmProcess;
import se.samtal.loadtest.process.SamtalServerProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Three samtal nodes (the packaged jar, each a JVM of its own) in cluster mode on one Redis, with
 * one tenant whose webhook points at the soak's platform. A node is killed with SIGKILL and
 * started again on the same port with the same configuration, as a supervisor (systemd,
 * Kubernetes) would.
 */
final class SoakCluster implements AutoCloseable {
    static final String TENANT = SamtalServerProcess.TENANT;
    private static final List<String> JVM = List.of("-Xms256m", "-Xmx1g", "-XX:+UseG1GC");

    private final Path jar;
    private final List<Node> nodes = new ArrayList<>();
    private final String apiKey;

    /** One node: where it listens, its configuration, and the process now running it (null while down). */
    static final class Node {
        final int index;
        final int port;
        final Path dir;
        volatile JvmProcess process;
        volatile int kills;

        Node(int index, int port, Path dir) {
            this.index = index;
            this.port = port;
            this.dir = dir;
        }

        URI http() {
            return URI.create("http://127.0.0.1:" + port);
        }

        URI ws() {
            return URI.create("ws://127.0.0.1:" + port + "/ws");
        }

        boolean isUp() {
            var p = process;
            return p != null && p.isAlive();
        }
    }

    private SoakCluster(Path jar, String apiKey) {
        this.jar = jar;
        this.apiKey = apiKey;
    }

    static SoakCluster start(Path jar, Path runDir, int count, String redisUrl, URI webhook, String webhookSecret)
            throws InterruptedException {
        String apiKey = "sk_loadtest_" + SamtalServerProcess.random(16);
        var cluster = new SoakCluster(jar, apiKey);
        String signing = SamtalServerProcess.random(32);
        String tenantSecret = SamtalServerProcess.random(32);
        try {
            for (int i = 0; i < count; i++) {
                Path dir = Files.createDirectories(runDir.resolve("node-" + i));
                var node = new Node(i, SamtalServerProcess.freePort(), dir);
                Files.writeString(dir.resolve("node.yaml"), """
                        # Written by bin/soak (se.samtal.loadtest.soak.SoakCluster).
                        dataDir: %s
                        http: {bindAddress: 127.0.0.1, port: %d}
                        tokens: {signingSecret: "%s"}
                        shutdown: {drainTimeout: 2s}
                        redis: {url: "%s"}
                        # The soak's writers send a message every 400 ms each: above a person's default allowance.
                        chat: {messagesPerMinute: 600, messageBurst: 100}
                        tenants:
                          - id: %s
                            issuer: https://platform.loadtest.invalid
                            keys: {hs256Secrets: ["%s"]}
                            apiKeys: [{id: loadtest, sha256: "%s"}]
                            webhook: {url: "%s", secret: "%s"}
                        """.formatted(dir.resolve("data"), node.port, signing, redisUrl, TENANT, tenantSecret, SamtalServerProcess.sha256Hex(apiKey),
                        webhook, webhookSecret));
                cluster.nodes.add(node);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Node node : cluster.nodes) {
            cluster.launch(node);
        }
        return cluster;
    }

    String apiKey() {
        return apiKey;
    }

    List<Node> nodes() {
        return nodes;
    }

    /** Starts the node's process (again) and waits until {@code /healthz} answers. */
    void launch(Node node) throws InterruptedException {
        node.process = JvmProcess.start(JVM, List.of("-jar", jar.toString(), "--config", node.dir.resolve("node.yaml").toString()),
                node.dir.resolve("samtal.log"));
        node.process.awaitHealthy(node.http().resolve("/healthz"), Duration.ofSeconds(90));
    }

    /** SIGKILL: the node's sockets drop, nothing of its memory survives. */
    void kill(Node node) throws InterruptedException {
        var process = node.process;
        node.process = null;
        node.kills++;
        if (process != null) {
            process.kill();
        }
    }

    @Override
    public void close() {
        nodes.parallelStream().forEach(n -> {
            var p = n.process;
            if (p != null) {
                p.close();
            }
        });
    }
}
