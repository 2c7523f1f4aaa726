package se.samtal.loadtest.bench;

import se.samtal.loadtest.peer.Frames;
import se.samtal.loadtest.process.JvmProcess;
import se.samtal.protocol.WireCodec;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The benchmark harness: starts samtal's packaged jar (and, for B2, the bare Netty baseline) as
 * processes of their own with stated JVM flags, runs B1–B6 against them on loopback with the
 * Netty load client in this process, prints one table and writes a JSON file with the machine,
 * the flags and every step. Everything it started is stopped before it returns.
 *
 * <pre>
 * bin/bench [--smoke] [--only B1,B3] [--out FILE] [--connections N]
 * </pre>
 *
 * Exit status: 0 when nothing failed (refused connections, error replies, lost messages), 1
 * otherwise. Missed targets are reported in the table, never in the exit status.
 */
public final class Bench {
    static final List<String> SERVER_FLAGS = List.of("-Xms2g", "-Xmx2g", "-XX:+UseG1GC");
    static final List<String> SMOKE_SERVER_FLAGS = List.of("-Xms256m", "-Xmx512m", "-XX:+UseG1GC");

    private Bench() {
    }

    /** What to run and where. */
    /**
     * What to run and where.
     *
     * @param classpath where the bare baseline server's class is (this harness's own classpath by default)
     */
    record Options(Profile profile, Set<String> only, Path out, Path serverJar, String classpath, Path runDir,
                   List<String> serverFlags, int clientThreads) {
    }

    public static void main(String[] args) throws Exception {
        Options options = parse(args);
        var run = run(options);
        System.exit(((Number) run.get("errorCount")).intValue() == 0 ? 0 : 1);
    }

    /** Runs the selected benchmarks; returns what was written to the JSON file. */
    static Map<String, Object> run(Options options) throws Exception {
        var codec = new WireCodec();
        var vmFlags = new AtomicReference<String>();
        var ctx = new BenchContext(options.serverJar(), options.classpath(), options.runDir(),
                options.serverFlags(), options.profile(), options.clientThreads(), Machine.openFilesLimit(), codec,
                new Frames(codec.mapper()), vmFlags);
        var machine = Machine.describe();
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        System.out.printf(Locale.ROOT, "samtal benchmarks (%s) — %s cores, %s, kernel %s, %s%n", options.profile().name(),
                machine.get("cores"), Fmt.gib(((Number) machine.get("memoryBytes")).doubleValue()),
                machine.get("kernel"), machine.get("jdk"));
        System.out.println("server JVM flags: " + String.join(" ", options.serverFlags()) + "; open-files limit "
                + ctx.fileLimit() + "; load average now " + Machine.loadAverage());
        System.out.println(JvmProcess.serverCpus() != null
                ? "pinned: servers on CPU " + JvmProcess.serverCpus() + ", this harness (the load client) on CPU "
                        + System.getProperty("bench.harnessCpus")
                : "not pinned: servers and load client share every CPU");
        var results = new ArrayList<BenchResult>();
        var perBench = new ArrayList<Map<String, Object>>();
        for (String id : List.of(IdleConnections.ID, SessionFanout.ID, SessionSetup.ID, DurableChat.ID, GroupCallSetup.ID,
                CrossNodeChat.ID, FanoutGrowth.ID)) {
            boolean optIn = id.equals(FanoutGrowth.ID);
            if (options.only().isEmpty() ? optIn : !options.only().contains(id)) {
                continue;
            }
            double calibration = Calibration.measure(ctx, id);
            System.out.println("== " + id + " ==  (the servers' CPU now: calibration "
                    + (calibration < 0 ? "not measured" : Fmt.ms(calibration)) + " of CPU; lower is faster)");
            var load = Machine.loadAverage();
            long t0 = System.nanoTime();
            BenchResult result;
            try {
                result = switch (id) {
                    case IdleConnections.ID -> new IdleConnections(ctx).run();
                    case SessionFanout.ID -> new SessionFanout(ctx).run();
                    case SessionSetup.ID -> new SessionSetup(ctx).run();
                    case GroupCallSetup.ID -> new GroupCallSetup(ctx).run();
                    case FanoutGrowth.ID -> new FanoutGrowth(ctx).run();
                    case CrossNodeChat.ID -> new CrossNodeChat(ctx).run();
                    default -> new DurableChat(ctx).run();
                };
            } catch (Exception e) {
                e.printStackTrace(System.out);
                result = new BenchResult(id, "failed", List.of(), Map.of(), List.of("did not complete: " + e));
            }
            results.add(result);
            var entry = new LinkedHashMap<String, Object>();
            entry.put("id", result.id());
            entry.put("title", result.title());
            entry.put("seconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
            entry.put("calibrationMs", calibration < 0 ? null : calibration);
            entry.put("loadAverageBefore", load);
            entry.put("loadAverageAfter", Machine.loadAverage());
            entry.put("rows", result.rows());
            entry.put("errors", result.errors());
            entry.put("figures", result.figures());
            perBench.add(entry);
        }
        System.out.println();
        Report.printTable(results, System.out);
        int errorCount = results.stream().mapToInt(r -> r.errors().size()).sum();
        var report = new LinkedHashMap<String, Object>();
        report.put("profile", options.profile().name());
        report.put("startedAt", started.toString());
        report.put("seconds", Duration.between(started, Instant.now()).toSeconds());
        report.put("gitCommit", System.getenv("BENCH_GIT_COMMIT"));
        report.put("machine", machine);
        report.put("openFilesLimit", ctx.fileLimit());
        report.put("serverCpus", JvmProcess.serverCpus());
        report.put("harnessCpus", System.getProperty("bench.harnessCpus"));
        report.put("serverJvmFlags", options.serverFlags());
        report.put("serverVmFlags", vmFlags.get());
        report.put("loadClientThreads", options.clientThreads());
        report.put("benchmarks", perBench);
        report.put("errorCount", errorCount);
        Report.writeJson(report, options.out(), codec.mapper());
        System.out.println("\nJSON: " + options.out().toAbsolutePath() + (errorCount > 0 ? "\nERRORS: " + errorCount : ""));
        return report;
    }

    static Options parse(String[] args) {
        Profile profile = Profile.FULL;
        Set<String> only = Set.of();
        Path out = null;
        Integer connections = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> profile = Profile.SMOKE;
                case "--only" -> only = Set.copyOf(Arrays.asList(args[++i].toUpperCase(Locale.ROOT).split(",")));
                case "--out" -> out = Path.of(args[++i]);
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: bench [--smoke] [--only B1,B2,B3,B4,B5,B6,B2G] [--out FILE] [--connections N]");
            }
        }
        if (connections != null) {
            profile = profile.withIdleConnections(connections);
        }
        String stamp = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(":", "");
        Path runDir = Path.of(System.getProperty("bench.dir", "loadtest/target/bench")).resolve(stamp);
        if (out == null) {
            out = runDir.resolve("bench.json");
        }
        Path jar = Path.of(System.getProperty("samtal.jar", "server/target/samtal-server.jar"));
        String flags = System.getenv("BENCH_SERVER_JVM");
        List<String> serverFlags = flags != null && !flags.isBlank() ? List.of(flags.trim().split("\\s+"))
                : profile.isSmoke() ? SMOKE_SERVER_FLAGS : SERVER_FLAGS;
        return new Options(profile, only, out, jar, System.getProperty("java.class.path"), runDir, serverFlags,
                Runtime.getRuntime().availableProcessors());
    }
}
