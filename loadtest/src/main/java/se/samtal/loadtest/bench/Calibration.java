package se.samtal.loadtest.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import se.samtal.loadtest.process.JvmProcess;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How fast the servers' CPU is right now: a fixed piece of work of the server's kind (a chat
 * message's JSON written and read back, hashed with SHA-256, kept in and dropped from a map),
 * timed in thread CPU time in a JVM of its own pinned where the servers run. On a shared virtual
 * machine the same instructions take two or three times longer when the host is busy, and the
 * CPU a server spends per message moves with them; a run's figures are comparable with another
 * run's only next to this one. Lower is faster.
 */
public final class Calibration {
    /** Rounds before the measured ones (the JIT compiles the work). */
    static final int WARM_UP_ROUNDS = 4;
    static final int MEASURED_ROUNDS = 5;
    static final int MESSAGES_PER_ROUND = 50_000;
    private static final String PREFIX = "calibration-ms ";

    private Calibration() {
    }

    /**
     * Runs the work in a JVM pinned like the servers and returns the median round's CPU time in
     * milliseconds, or -1 if it could not be measured (the reason is in its log).
     */
    static double measure(BenchContext ctx, String label) {
        Path log = ctx.runDir().resolve("calibration-" + label + ".log");
        try {
            Files.createDirectories(ctx.runDir());
            try (var process = JvmProcess.start(List.of("-Xms256m", "-Xmx256m", "-XX:+UseSerialGC"),
                    List.of("-cp", ctx.classpath(), Calibration.class.getName()), log)) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (process.isAlive() && System.nanoTime() < deadline) {
                    TimeUnit.MILLISECONDS.sleep(50);
                }
            }
            for (String line : Files.readAllLines(log)) {
                if (line.startsWith(PREFIX)) {
                    return Double.parseDouble(line.substring(PREFIX.length()).strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
        return -1;
    }

    /** The work itself; prints {@code calibration-ms <median>}. */
    public static void main(String[] args) throws Exception {
        var threads = ManagementFactory.getThreadMXBean();
        var mapper = new ObjectMapper();
        var digest = MessageDigest.getInstance("SHA-256");
        double[] rounds = new double[MEASURED_ROUNDS];
        long sink = 0;
        for (int r = 0; r < WARM_UP_ROUNDS + MEASURED_ROUNDS; r++) {
            long start = threads.getCurrentThreadCpuTime();
            sink += round(mapper, digest);
            long cpu = threads.getCurrentThreadCpuTime() - start;
            if (r >= WARM_UP_ROUNDS) {
                rounds[r - WARM_UP_ROUNDS] = cpu / 1e6;
            }
        }
        Arrays.sort(rounds);
        System.out.println("(checksum " + sink + ")");
        System.out.println(PREFIX + String.format(java.util.Locale.ROOT, "%.1f", rounds[MEASURED_ROUNDS / 2]));
    }

    private static long round(ObjectMapper mapper, MessageDigest digest) throws IOException, NoSuchAlgorithmException {
        var kept = new HashMap<String, byte[]>();
        long sum = 0;
        for (int i = 0; i < MESSAGES_PER_ROUND; i++) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("type", "chat.message");
            message.put("conversationId", "cv_" + (i % 200));
            message.put("seq", i);
            message.put("sender", Map.of("id", "m_" + (i % 400), "role", "patient"));
            message.put("text", "Hej! Jag har gjort övningen i dag och det gick bättre än förra veckan. " + i);
            byte[] json = mapper.writeValueAsBytes(message);
            var tree = mapper.readTree(json);
            byte[] hash = digest.digest(json);
            String key = tree.get("conversationId").asText() + ':' + tree.get("seq").asLong();
            kept.put(key, hash);
            if (kept.size() > 4096) {
                kept.clear();
            }
            sum += hash[0] + json.length;
        }
        return sum;
    }
}
