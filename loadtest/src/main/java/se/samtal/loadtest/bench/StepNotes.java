package se.samtal.loadtest.bench;

import se.samtal.loadtest.process.ProcessProbe;
import se.samtal.loadtest.wire.WsClient;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a setup benchmark's rate search (B3, B5) notes beside its figures: per step, the share of
 * the server's CPU in the window that its JIT compiler threads used (on one core the compiler is
 * still at work for a minute or more after start, in the idle time the load leaves, so the CPU per
 * unit at low rates is largely theirs), and how many of the load client's connects were retried.
 */
final class StepNotes {
    private final String id;
    private final long serverPid;
    /** By rate offered. */
    private final Map<Double, Double> jitShares = new ConcurrentHashMap<>();

    StepNotes(String id, long serverPid) {
        this.id = id;
        this.serverPid = serverPid;
    }

    /** The compiler threads' CPU so far, to pass to {@link #jit} at the window's end. */
    long compilerCpu() {
        return ProcessProbe.compilerCpuNanos(serverPid);
    }

    /**
     * Notes the compiler's share of the window of the step at {@code perSecond}, from the server's
     * CPU ({@code cpu0}, {@code cpu1}) and the compiler's ({@code jit0}, {@code jit1}) at its start
     * and end; returns it for the step's line.
     */
    String jit(double perSecond, long cpu0, long cpu1, long jit0, long jit1) {
        double share = jit0 < 0 || jit1 < 0 || cpu1 <= cpu0 ? -1 : (jit1 - jit0) / (double) (cpu1 - cpu0);
        jitShares.put(perSecond, share);
        return String.format(java.util.Locale.ROOT, " (JIT compiling: %.0f %% of that)", share * 100);
    }

    /** The rows: the compiler's share at the best step and the CPU per {@code unit} without it, the client's retries. */
    void addRows(List<Row> rows, Map<String, Object> figures, Optional<RateStep> best, String unit, WsClient client) {
        best.ifPresent(b -> {
            double jit = jitShares.getOrDefault(b.offered(), -1.0);
            figures.put("jitShareAtBest", jit);
            rows.add(Row.info(id, "of it the JIT compiler's; server CPU per " + unit + " without it",
                    jit < 0 ? "unknown" : String.format(java.util.Locale.ROOT, "%.0f %%; ", jit * 100)
                            + Fmt.micros(b.serverCpuMicros() * (1 - jit))));
        });
        figures.put("retriedConnects", client.retriedConnects());
        rows.add(Row.info(id, "load client's WebSocket connects failed before connected, retried once",
                String.valueOf(client.retriedConnects())));
    }
}
