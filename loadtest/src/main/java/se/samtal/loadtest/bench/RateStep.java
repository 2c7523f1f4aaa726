package se.samtal.loadtest.bench;

import se.samtal.loadtest.measure.Latencies;
import se.samtal.loadtest.measure.StepSearch;

/**
 * One step of a rate search: what was offered, what came through in the measured window, and
 * whether it counts as sustained.
 *
 * @param offered    the offered rate (per second) of the step
 * @param throughput what came through, per second (delivered messages, acks, setups)
 * @param latency    the latency that the step's bound applies to
 * @param errors     error replies, lost connections or failed setups during the step
 * @param serverCpuMicros CPU time the server process used in the measured window per unit of
 *                   {@code throughput} (per delivered message, ack or setup), in microseconds: what
 *                   the work costs, which the load of a shared machine changes far less than the
 *                   rates (-1 if unknown)
 */
record RateStep(double offered, double throughput, Latencies.Summary latency, long errors, boolean passed, String why,
                double serverCpuMicros) implements StepSearch.Outcome {

    /** Server CPU per unit of throughput, from the process's CPU time before and after a window of {@code seconds}. */
    static double cpuMicrosPer(long cpuNanosBefore, long cpuNanosAfter, double throughput, double seconds) {
        double units = throughput * seconds;
        return cpuNanosBefore < 0 || cpuNanosAfter < 0 || units <= 0 ? -1 : (cpuNanosAfter - cpuNanosBefore) / 1e3 / units;
    }

    String describe() {
        return String.format(java.util.Locale.ROOT, "offered %8.0f/s  got %9.0f/s  p50 %7.2f  p99 %7.2f  p99.9 %7.2f ms  server CPU %6.0f µs each  errors %d  %s",
                offered, throughput, latency.p50(), latency.p99(), latency.p999(), serverCpuMicros, errors,
                passed ? "ok" : "FAIL " + why);
    }
}
