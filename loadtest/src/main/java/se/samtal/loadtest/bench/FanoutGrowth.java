package se.samtal.loadtest.bench;

import se.samtal.loadtest.measure.Latencies;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * B2G, how the cost of a session message grows with the room: B2's durable session chat (samtal
 * only) in rooms of 2, 4, 8 and 16 people, about as many connections in each (fewer rooms when
 * they are larger). For each size, the sustained delivered rate (p99 ≤ 50 ms) and the server's CPU
 * per delivered message at that rate: a message costs its store, ack and audit once and its
 * delivery once per receiver, so the CPU per delivery should fall as rooms grow. Not part of a
 * default run ({@code bin/bench --only B2G}: about five minutes).
 */
final class FanoutGrowth {
    static final String ID = "B2G";
    static final List<Integer> SIZES = List.of(2, 4, 8, 16);
    private final BenchContext ctx;

    FanoutGrowth(BenchContext ctx) {
        this.ctx = ctx;
    }

    BenchResult run() throws InterruptedException {
        var errors = new ArrayList<String>();
        var figures = new LinkedHashMap<String, Object>();
        var rows = new ArrayList<Row>();
        int connections = ctx.profile().fanoutSessions() * 4;
        figures.put("connections", connections);
        var bySize = new LinkedHashMap<String, Object>();
        for (int size : SIZES) {
            var sizeFigures = new LinkedHashMap<String, Object>();
            var result = new SessionFanout(ctx, size).samtalOnly(Math.max(1, connections / size), errors, sizeFigures);
            double rate = result.best().map(RateStep::throughput).orElse(0.0);
            double cpu = result.best().map(RateStep::serverCpuMicros).orElse(-1.0);
            var latency = result.best().map(RateStep::latency).orElse(new Latencies.Summary(0, 0, 0, 0, 0));
            bySize.put(Integer.toString(size), Map.of("deliveredPerSecond", Math.round(rate), "cpuMicrosPerDelivered", cpu,
                    "p99Ms", latency.p99(), "steps", result.steps()));
            rows.add(Row.info(ID, "rooms of " + size + ": delivered/s (p99 ≤ 50 ms), CPU per delivered msg",
                    Fmt.count(rate) + ", " + Fmt.micros(cpu)));
        }
        figures.put("bySize", bySize);
        return new BenchResult(ID, "session fan-out by room size", rows, figures, errors);
    }
}
