package se.samtal.redis.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A real {@code redis-server} (the Debian package) started by a test: on a free loopback port,
 * with a temporary directory, configured only by its command line (never a system service or
 * {@code /etc} file), and stopped afterwards. It can be killed and started again on the same
 * port and directory, with its append-only file, to test what survives.
 */
public final class RedisServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Path dir;
    private final int port;
    private final List<String> extraArgs;
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());
    private Process process;

    private RedisServer(Path dir, int port, List<String> extraArgs) {
        this.dir = dir;
        this.port = port;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** A server that keeps nothing on disk: for tests of behaviour, not of durability. */
    public static RedisServer start() {
        return start(List.of("--appendonly", "no"));
    }

    /** A server with the append-only file on and flushed before every reply ({@code appendfsync always}). */
    public static RedisServer startDurable() {
        return start(List.of("--appendonly", "yes", "--appendfsync", "always"));
    }

    /** A server with {@code extraArgs} after the test's own arguments. */
    public static RedisServer start(List<String> extraArgs) {
        try {
            var server = new RedisServer(Files.createTempDirectory("samtal-redis"), freePort(), extraArgs);
            server.launch();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Everything the server printed (for a failing test's message). */
    public String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** SIGKILL: no shutdown, no last flush; what was acknowledged with {@code appendfsync always} is on disk. */
    public void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** Starts the server again on the same port and directory (after {@link #kill()}). */
    public void restart() {
        launch();
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
            waitFor();
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }

    private void launch() {
        var command = new ArrayList<>(List.of("redis-server",
                "--port", String.valueOf(port),
                "--bind", "127.0.0.1",
                "--dir", dir.toString(),
                "--save", "",
                "--daemonize", "no",
                "--protected-mode", "no",
                "--databases", "16"));
        command.addAll(extraArgs);
        var ready = new CompletableFuture<Void>();
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("redis-server could not be started; is the Debian package redis-server installed?", e);
        }
        Process started = process;
        Thread.ofVirtual().start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    output.add(line);
                    if (line.contains("Ready to accept connections")) {
                        ready.complete(null);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            ready.completeExceptionally(new IllegalStateException("redis-server ended before it was ready"));
        });
        try {
            ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("redis-server did not start:\n" + output(), e);
        }
    }

    private void waitFor() {
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The port must be free again before a restart binds it.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> !listening(port));
    }

    static boolean listening(int port) {
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A loopback port nothing listens on now. */
    public static int freePort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
