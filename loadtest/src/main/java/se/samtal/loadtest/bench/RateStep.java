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
 */
record RateStep(double offered, double throughput, Latencies.Summary latency, long errors, boolean passed, String why)
        implements StepSearch.Outcome {

    String describe() {
        return String.format(java.util.Locale.ROOT, "offered %8.0f/s  got %9.0f/s  p50 %7.2f  p99 %7.2f  p99.9 %7.2f ms  errors %d  %s",
                offered, throughput, latency.p50(), latency.p99(), latency.p999(), errors, passed ? "ok" : "FAIL " + why);
    }
}
