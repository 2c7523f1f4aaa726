package se.samtal.loadtest.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The Gatling clinic scenarios (therapy sessions, the asynchronous inbox), one after another,
 * each against a node that is up, for as long as the soak offers load: {@code mvn -pl loadtest
 * verify} with the scenario and the target, as {@code bin/gatling} runs them. Their latency bounds
 * are lifted (nodes are killed under them); what counts here is what Gatling saw: requests and
 * how many failed (KO) — a request in flight on a killed node fails, which is expected.
 */
final class GatlingLoop implements Runnable {
    private static final Pattern REQUESTS = Pattern.compile(">\\s*request count\\s*\\|\\s*([\\d,]+)\\s*\\|\\s*([\\d,]+)\\s*\\|\\s*([\\d,]+|-)");
    private static final String[][] SCENARIOS = {
            {"therapy-session", "se.samtal.loadtest.gatling.TherapySessionSimulation", "100"},
            {"async-inbox", "se.samtal.loadtest.gatling.AsyncInboxSimulation", "200"},
    };
    private final Path root;
    private final Path runDir;
    private final SoakCluster cluster;
    private final long endNanos;
    final List<String> runs = new ArrayList<>();
    long requests;
    long failed;
    private volatile Process current;

    GatlingLoop(Path root, Path runDir, SoakCluster cluster, long endNanos) {
        this.root = root;
        this.runDir = runDir;
        this.cluster = cluster;
        this.endNanos = endNanos;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            var p = current;
            if (p != null) {
                p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }, "soak-gatling-reaper"));
    }

    @Override
    public void run() {
        try {
            for (int i = 0; System.nanoTime() + TimeUnit.SECONDS.toNanos(150) < endNanos; i++) {
                String[] scenario = SCENARIOS[i % SCENARIOS.length];
                var up = cluster.nodes().stream().filter(SoakCluster.Node::isUp).toList();
                var node = up.isEmpty() ? null : up.get(java.util.concurrent.ThreadLocalRandom.current().nextInt(up.size()));
                if (node == null) {
                    TimeUnit.SECONDS.sleep(1);
                    continue;
                }
                Path log = runDir.resolve("gatling-" + i + "-" + scenario[0] + ".log");
                var command = List.of("mvn", "-o", "-B", "-ntp", "-pl", "loadtest", "verify", "-DskipTests",
                        "-Dloadtest.simulation=" + scenario[1], "-Dloadtest.profile=full", "-Dloadtest.users=" + scenario[2],
                        "-Dloadtest.p99=600000", "-Dsamtal.url=" + node.http());
                var builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                builder.environment().put("SAMTAL_API_KEY", cluster.apiKey());
                current = builder.start();
                int exit = current.waitFor();
                try {
                    record(scenario[0], node.index, exit, log);
                } catch (RuntimeException unreadable) {
                    runs.add(scenario[0] + " against node " + node.index + ": exit " + exit + ", figures unreadable (" + unreadable + ")");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            runs.add("could not run Gatling: " + e.getMessage());
        }
    }

    private void record(String scenario, int node, int exit, Path log) throws IOException {
        long total = 0;
        long ko = 0;
        var m = REQUESTS.matcher(Files.readString(log));
        while (m.find()) { // the last table is the run's global one
            total = Long.parseLong(m.group(1).replace(",", ""));
            ko = m.group(3).equals("-") ? 0 : Long.parseLong(m.group(3).replace(",", ""));
        }
        requests += total;
        failed += ko;
        String line = scenario + " against node " + node + ": " + total + " requests, " + ko + " KO (exit " + exit + ")";
        runs.add(line);
        System.out.println("  gatling: " + line);
    }

    /** Stops a scenario still running (the soak's time is up). */
    void stop(Duration grace) throws InterruptedException {
        var p = current;
        if (p != null && p.isAlive()) {
            p.toHandle().descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }
}
