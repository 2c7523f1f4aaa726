package se.samtal.audit.testing;

import org.awaitility.Awaitility;
import redis.clients.jedis.RedisClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real redis-server (Debian's) of the test's own, on a free loopback port with a temporary
 * directory, persisting every write to its append-only file as production should for the audit
 * trail. Stop it with {@link #close}.
 */
public final class RedisServer implements AutoCloseable {
    private final Process process;
    private final Path dir;
    private final int port;

    private RedisServer(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    public static RedisServer start() {
        try {
            Path dir = Files.createTempDirectory("samtal-redis");
            int port = freePort();
            var process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--dir", dir.toString(), "--save", "", "--appendonly", "yes", "--appendfsync", "always",
                    "--daemonize", "no", "--loglevel", "warning"))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
            var server = new RedisServer(process, dir, port);
            Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(server::answers);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start redis-server (Debian package redis-server)", e);
        }
    }

    private boolean answers() {
        if (!process.isAlive()) {
            throw new IllegalStateException("redis-server exited; see " + dir.resolve("redis.log"));
        }
        try (var client = client()) {
            return "PONG".equals(client.ping());
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public URI uri() {
        return URI.create("redis://127.0.0.1:" + port);
    }

    /** A new client; the caller closes it. */
    public RedisClient client() {
        return RedisClient.create(uri());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
