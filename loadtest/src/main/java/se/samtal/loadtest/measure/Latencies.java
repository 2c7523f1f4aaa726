package se.samtal.loadtest.measure;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies recorded from any thread (HdrHistogram's {@link Recorder}: wait-free for writers), read
 * as intervals: {@link #interval()} returns what was recorded since the last call.
 */
public final class Latencies {
    private static final long MAX_MICROS = 120_000_000;

    private final Recorder recorder = new Recorder(MAX_MICROS, 3);

    public void recordNanos(long nanos) {
        recorder.recordValue(Math.min(MAX_MICROS, Math.max(0, nanos / 1000)));
    }

    /** What was recorded since the previous call (and starts a new interval). */
    public Summary interval() {
        return Summary.of(recorder.getIntervalHistogram());
    }

    /** Forgets what was recorded so far (the warm-up). */
    public void reset() {
        recorder.reset();
    }

    /** Percentiles of an interval, in milliseconds. */
    public record Summary(long count, double p50, double p99, double p999, double max) {
        static Summary of(Histogram h) {
            if (h.getTotalCount() == 0) {
                return new Summary(0, 0, 0, 0, 0);
            }
            return new Summary(h.getTotalCount(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)),
                    ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()));
        }

        private static double ms(long micros) {
            return Math.round(micros / 10.0) / 100.0;
        }
    }
}
