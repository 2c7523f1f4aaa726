package se.samtal.loadtest.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A cluster's Redis as a process of the load tool's own ({@code redis-server} from the PATH), with
 * the append-only file flushed before every reply ({@code appendfsync always}): what Redis
 * acknowledged survives a restart, also a SIGKILL, as in a production Redis with persistence.
 * Stopped and started again on the same port and directory, so the nodes find it where it was.
 * Pinned to the servers' CPUs where {@code bin/bench} pins them ({@link JvmProcess#serverCpus()}).
 */
public final class RedisProcess implements AutoCloseable {
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
        }, "redis-reaper"));
    }

    /** Why Redis cannot be started here (no {@code redis-server} on the PATH), or null if it can. */
    public static String unavailable() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "redis-server"))) {
                    return null;
                }
            }
        }
        return "redis-server is not on the PATH";
    }

    public static RedisProcess start(int port, Path dir) throws InterruptedException {
        var redis = new RedisProcess(port, dir);
        redis.startAgain();
        return redis;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts it (again) and waits until it accepts connections. */
    public synchronized void startAgain() throws InterruptedException {
        try {
            Files.createDirectories(dir);
            var command = new ArrayList<String>();
            String cpus = JvmProcess.serverCpus();
            if (cpus != null) {
                command.addAll(List.of("taskset", "-c", cpus));
            }
            command.addAll(List.of("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "always", "--save", "",
                    "--protected-mode", "no"));
            process = new ProcessBuilder(command)
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
    public synchronized void stop(boolean kill) throws InterruptedException {
        if (kill) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** The process id (the same under {@code taskset}, which execs it): for its CPU time. */
    public long pid() {
        return process.pid();
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
