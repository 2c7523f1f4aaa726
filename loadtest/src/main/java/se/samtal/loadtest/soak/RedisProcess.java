package se.samtal.loadtest.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The cluster's Redis as a process of the soak's own ({@code redis-server} from the PATH), with
 * the append-only file flushed before every reply ({@code appendfsync always}): what Redis
 * acknowledged survives a restart, also a SIGKILL, as in a production Redis with persistence.
 * Stopped and started again on the same port and directory, so the nodes find it where it was.
 */
final class RedisProcess implements AutoCloseable {
    private final int port;
    private final Path dir;
    private volatile Process process;

    private RedisProcess(int port, Path dir) {
        this.port = port;
        this.dir = dir;
        // Whatever ends the soak (also SIGTERM), its Redis does not outlive it.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            var p = process;
            if (p != null) {
                p.destroyForcibly();
            }
        }, "soak-redis-reaper"));
    }

    static RedisProcess start(int port, Path dir) throws InterruptedException {
        var redis = new RedisProcess(port, dir);
        redis.startAgain();
        return redis;
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts it (again) and waits until it accepts connections. */
    synchronized void startAgain() throws InterruptedException {
        try {
            Files.createDirectories(dir);
            process = new ProcessBuilder(List.of("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "always", "--save", "",
                    "--protected-mode", "no"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("redis-server could not be started (is it installed?)", e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
        throw new IllegalStateException("redis-server did not listen within 30 s; see " + dir.resolve("redis.log"));
    }

    /** Stops it: {@code kill} SIGKILL (nothing flushed at the end), else SIGTERM (Redis's own shutdown). */
    synchronized void stop(boolean kill) throws InterruptedException {
        if (kill) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public synchronized void close() {
        try {
            stop(false);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
