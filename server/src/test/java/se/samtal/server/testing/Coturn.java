package se.samtal.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import static org.awaitility.Awaitility.await;

/**
 * A real coturn ({@code turnserver} from Debian's coturn) on a free loopback port, with the TURN
 * REST API scheme ({@code use-auth-secret}) and no configuration from /etc. Stopped on close.
 * With the tests' clock moved ({@link TestClock#SHIFT}), coturn runs under Debian's
 * {@code faketime} with the same shift, as it would share the server's time in a deployment.
 */
public final class Coturn implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path dir;
    private final List<String> log = new CopyOnWriteArrayList<>();

    private Coturn(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    public static Coturn start(String secret) {
        try {
            Path dir = Files.createTempDirectory("samtal-coturn");
            int port = freePort();
            int relayFrom = 40_000 + ThreadLocalRandom.current().nextInt(0, 200) * 100;
            var command = new java.util.ArrayList<>(TestClock.SHIFT.isZero() ? List.<String>of()
                    // TURN REST credentials carry their expiry as a time: coturn must be on the tests' clock to judge it.
                    : List.of("faketime", "-f", (TestClock.SHIFT.isNegative() ? "" : "+") + TestClock.SHIFT.toSeconds()));
            command.addAll(List.of("turnserver", "-n",
                    "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", "--listening-port=" + port,
                    "--min-port=" + relayFrom, "--max-port=" + (relayFrom + 99),
                    "--use-auth-secret", "--static-auth-secret=" + secret, "--realm=samtal.test",
                    "--no-tls", "--no-dtls", "--no-cli", "--allow-loopback-peers", "--no-software-attribute",
                    "--userdb=" + dir.resolve("turndb"), "--pidfile=" + dir.resolve("turnserver.pid"),
                    "--log-file=stdout", "--simple-log"));
            var process = new ProcessBuilder(command).redirectErrorStream(true).start();
            var coturn = new Coturn(process, port, dir);
            Thread.ofVirtual().name("coturn-log").start(coturn::readLog);
            await().atMost(java.time.Duration.ofSeconds(20)).until(() -> !process.isAlive() || accepts(port));
            if (!process.isAlive()) {
                throw new IllegalStateException("turnserver did not start:\n" + String.join("\n", coturn.log));
            }
            return coturn;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start turnserver (Debian package coturn; bin/test installs it)", e);
        }
    }

    private void readLog() {
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                log.add(line);
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    /** Whether coturn's TCP listener answers (it opens UDP and TCP together). */
    private static boolean accepts(int port) {
        try (var socket = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** A port free for both UDP and TCP on loopback. */
    private static int freePort() throws IOException {
        while (true) {
            try (var tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                 var udp = new DatagramSocket(tcp.getLocalPort(), InetAddress.getLoopbackAddress())) {
                return udp.getLocalPort();
            } catch (IOException taken) {
                // UDP side in use; try another
            }
        }
    }

    public int port() {
        return port;
    }

    public String turnUrl() {
        return "turn:127.0.0.1:" + port + "?transport=udp";
    }

    /** Lines coturn logged that show it accepted an allocation with a REST API credential. */
    public List<String> log() {
        return List.copyOf(log);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        TestServer.deleteRecursively(dir);
    }
}
