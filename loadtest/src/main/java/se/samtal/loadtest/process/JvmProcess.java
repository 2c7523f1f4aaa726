package se.samtal.loadtest.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Java program the benchmarks start in a JVM of its own (samtal's packaged jar, or the bare
 * baseline server), with stated JVM flags and its output in a log file. Stopped with SIGTERM, and
 * killed if it does not end in time; a shutdown hook makes sure nothing outlives the harness.
 */
public final class JvmProcess implements AutoCloseable {
    private final Process process;
    private final List<String> jvmFlags;
    private final Path log;
    private final Thread reaper;

    private JvmProcess(Process process, List<String> jvmFlags, Path log) {
        this.process = process;
        this.jvmFlags = jvmFlags;
        this.log = log;
        this.reaper = new Thread(process::destroyForcibly, "reap-" + process.pid());
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Starts {@code java <jvmFlags> <program...>} with the JDK this harness runs on.
     *
     * @param program e.g. {@code -jar samtal-server.jar --config f}, or {@code -cp jar Main args}
     */
    public static JvmProcess start(List<String> jvmFlags, List<String> program, Path log) {
        var command = new ArrayList<String>();
        String cpus = serverCpus();
        if (cpus != null) {
            command.addAll(List.of("taskset", "-c", cpus));
        }
        command.add(javaExecutable());
        command.addAll(jvmFlags);
        command.addAll(program);
        try {
            var process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new JvmProcess(process, List.copyOf(jvmFlags), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The CPUs the started JVMs are pinned to ({@code taskset -c}), when {@code bin/bench} pinned
     * the harness to the others ({@code -Dbench.serverCpus}); null: not pinned.
     */
    public static String serverCpus() {
        String cpus = System.getProperty("bench.serverCpus");
        return cpus == null || cpus.isBlank() ? null : cpus;
    }

    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Polls {@code health} until it answers 200, the process dies, or {@code timeout} passes. */
    public void awaitHealthy(URI health, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the process ended with " + process.exitValue() + "; see " + log);
                }
                try {
                    var response = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(1)).build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
        throw new IllegalStateException("not healthy within " + timeout + "; see " + log);
    }

    public long pid() {
        return process.pid();
    }

    public List<String> jvmFlags() {
        return jvmFlags;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no last flush, as a crash or the kernel's OOM killer would end it. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    /** SIGTERM (a graceful stop), then SIGKILL if it has not ended within 15 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }
}
