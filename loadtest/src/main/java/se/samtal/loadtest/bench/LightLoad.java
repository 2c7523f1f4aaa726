package se.samtal.loadtest.bench;

import se.samtal.loadtest.process.ProcessProbe;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * B2's and B4's light-load step: a fixed rate of {@link Profile#lightRate()} messages sent per
 * second on the warm server after the search, with the server's CPU per message beside what it
 * costs at the sustained rate. The bound: at light load a message costs at most
 * {@value #COST_FACTOR} times what it costs at high load. Just before the step, with no load,
 * the server's CPU is measured too: what it spends anyway (timers, work left from the search)
 * is part of the light step's CPU per message, and this says how much.
 *
 * @param step         the light step
 * @param idleCpuShare the server's CPU just before it, with no load, in cores (-1 if unknown)
 */
record LightLoad(RateStep step, double idleCpuShare) {
    static final double COST_FACTOR = 3;

    /**
     * The server's CPU over {@code window} from now, in cores. Linux counts a process's CPU in
     * clock ticks (10 ms), so over 2 s the figure is good to half a per cent of a core.
     */
    static double cpuShare(long serverPid, Duration window) {
        long cpu0 = ProcessProbe.cpuNanos(serverPid);
        SessionFanout.sleep(window);
        long cpu1 = ProcessProbe.cpuNanos(serverPid);
        return cpu0 < 0 || cpu1 < 0 ? -1 : (cpu1 - cpu0) / (double) window.toNanos();
    }

    /**
     * The rows: latency at the light rate, the server's CPU per unit of work there and at high
     * load with their ratio, and its CPU with no load just before.
     *
     * @param sentPerSecond the light step's offered rate of messages sent
     * @param unit          what the CPU is per: "delivered" (B2) or "durable" (B4)
     * @param perSent       units of work per message sent (B2: three deliveries; B4: one)
     * @param high          the step at high load (the sustained rate), null if none passed
     */
    List<Row> rows(String id, double sentPerSecond, String unit, int perSent, RateStep high, Map<String, Object> figures) {
        double lightCpu = step.serverCpuMicros();
        double highCpu = high == null ? -1 : high.serverCpuMicros();
        double factor = lightCpu > 0 && highCpu > 0 ? lightCpu / highCpu : -1;
        double idleMicrosPerUnit = idleCpuShare < 0 ? -1 : idleCpuShare * 1e6 / (sentPerSecond * perSent);
        figures.put("light", step);
        figures.put("lightSentPerSecond", sentPerSecond);
        figures.put("lightCpuMicros", lightCpu);
        figures.put("highCpuMicros", highCpu);
        figures.put("highPerSecond", high == null ? null : Math.round(high.throughput()));
        figures.put("lightCostFactor", factor);
        figures.put("idleCpuShareBeforeLight", idleCpuShare);
        String at = Fmt.count(sentPerSecond) + " sent/s";
        return List.of(
                Row.info(id, "light load (" + at + "): " + unit + " msgs/s, p50 / p99",
                        Fmt.count(step.throughput()) + ", " + Fmt.ms(step.latency().p50()) + " / " + Fmt.ms(step.latency().p99())),
                new Row(id, "server CPU per " + unit + " msg at " + at + " / at "
                        + (high == null ? "the sustained rate (none passed)" : Fmt.count(high.throughput()) + " " + unit + "/s"),
                        Fmt.micros(lightCpu) + " / " + Fmt.micros(highCpu) + (factor > 0 ? "  (" + Fmt.ratio(factor) + "×)" : ""),
                        "≤ " + (int) COST_FACTOR + "×", factor > 0 && factor <= COST_FACTOR),
                Row.info(id, "server CPU with no load just before (per " + unit + " msg at " + at + ")",
                        String.format(java.util.Locale.ROOT, "%.1f %% of a core", idleCpuShare * 100) + "  ("
                                + Fmt.micros(idleMicrosPerUnit) + ")"));
    }
}
