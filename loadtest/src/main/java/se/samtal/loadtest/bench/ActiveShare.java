package se.samtal.loadtest.bench;

import se.samtal.loadtest.measure.HarnessPauses;
import se.samtal.loadtest.measure.Latencies;
import se.samtal.loadtest.measure.Pacer;
import se.samtal.loadtest.peer.Frame;
import se.samtal.loadtest.peer.SamtalPeer;
import se.samtal.loadtest.process.ProcessProbe;
import se.samtal.protocol.ClientMessage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * B1's second state: a share of the held visits become active. The therapist lets the patient in,
 * both follow the session chat, and each writes a message at a slow steady rate, as a person
 * typing does (one every {@link Profile#activeInterval()}); everyone else stays idle. Measures
 * what that activity costs over the idle state: the server's CPU per delivered message (all of
 * it, and what it used beyond the idle state's), and the live heap per held connection again.
 */
final class ActiveShare {
    /** The two people of one held visit. */
    record Visit(SamtalPeer therapist, SamtalPeer patient) {
    }

    /**
     * The measured active state.
     *
     * @param heapBytesPerConnection live heap (after a full GC) over the server without connections, per held connection
     */
    record Outcome(int activeConnections, double sentPerSecond, double deliveredPerSecond, double cpuMicrosPerDelivered,
                   double addedCpuMicrosPerDelivered, double cpuShareOfCore, double heapBytesPerConnection,
                   Latencies.Summary latency, long harnessPauseMillis) {
    }

    private final BenchContext ctx;

    ActiveShare(BenchContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Makes {@code share} of {@code visits} active and measures; {@code idleCpuShare} is the share
     * of a core the server used while every connection was idle, {@code heapBefore} its live heap
     * before any connection.
     *
     * @param otherFrames what the connections' frames went to before (the heartbeat's replies):
     *                    they still go there
     */
    Outcome run(long serverPid, List<Visit> visits, int held, double idleCpuShare, long heapBefore, Consumer<Frame> otherFrames,
                Map<String, Object> figures, List<String> errors) {
        int count = Math.max(1, (int) Math.round(visits.size() * ctx.profile().activeShare()));
        var load = new ChatLoad(ctx.codec(), "chat.message");
        var opened = Bounded.run(Math.min(count, visits.size()), 32, i -> activate(visits.get(i), load, otherFrames)).join();
        var active = new ArrayList<SamtalPeer>();
        Bounded.successes(opened, errors, "visits to make active").forEach(active::addAll);
        Duration interval = ctx.profile().activeInterval();
        // At least one interval: everyone writes about once in any window of it (at random phases).
        Duration measure = max(ctx.profile().fixedMeasure(), interval);
        var senders = active.stream().map(p -> load.sender(p.connection())).toList();
        // The client holds every connection: one young collection of its heap takes some hundred
        // milliseconds on its core, and would land in the window now and then (it did, in about half
        // of the runs of one evening). Collected now, it does not fill again within the window.
        HarnessPauses.collectBeforeWindow();
        try (var pacer = new Pacer(senders, 1000)) {
            pacer.rate(1e9 / interval.toNanos());
            // One interval: everyone has written at least once (first-time paths) before the window.
            SessionFanout.sleep(interval);
            load.resetWindow();
            long pause0 = HarnessPauses.millis();
            long cpu0 = ProcessProbe.cpuNanos(serverPid);
            SessionFanout.sleep(measure);
            long cpu1 = ProcessProbe.cpuNanos(serverPid);
            long harnessPause = HarnessPauses.millis() - pause0;
            double seconds = measure.toNanos() / 1e9;
            long sent = load.sent.sum();
            long delivered = load.delivered.sum();
            var latency = load.endToEnd.interval();
            var heap = ProcessProbe.liveHeap(serverPid, 0);
            pacer.rate(0);
            double cpuShare = (cpu1 - cpu0) / 1e9 / seconds;
            double perDelivered = RateStep.cpuMicrosPer(cpu0, cpu1, delivered / seconds, seconds);
            double added = delivered == 0 ? -1 : (cpuShare - idleCpuShare) * seconds * 1e6 / delivered;
            var outcome = new Outcome(active.size(), sent / seconds, delivered / seconds, perDelivered, added, cpuShare,
                    held == 0 ? 0 : (heap.liveBytes() - heapBefore) / (double) held, latency, harnessPause);
            figures.put("active", outcome);
            figures.put("activeIntervalSeconds", interval.toMillis() / 1000.0);
            figures.put("activeMeasureSeconds", seconds);
            figures.put("activeLiveHeapBytes", heap.liveBytes());
            if (load.firstError() != null) {
                errors.add("chat.send refused while active: " + load.firstError());
            }
            System.out.printf(java.util.Locale.ROOT, "  %s active: %d connections writing, sent %.1f/s, delivered %.1f/s,"
                            + " p50 %.2f p99 %.2f ms, server CPU %.1f %% of a core (idle %.1f %%), %.0f µs per delivered,"
                            + " client GC %d ms%n",
                    IdleConnections.ID, active.size(), sent / seconds, delivered / seconds, latency.p50(), latency.p99(),
                    cpuShare * 100, idleCpuShare * 100, perDelivered, harnessPause);
            return outcome;
        }
    }

    /** The therapist lets the patient in, both follow the session chat; their frames go to {@code load} too. */
    private static CompletableFuture<List<SamtalPeer>> activate(Visit visit, ChatLoad load, Consumer<Frame> otherFrames) {
        Consumer<Frame> both = frame -> {
            load.received(frame);
            otherFrames.accept(frame);
        };
        visit.therapist().hotPath(both);
        visit.patient().hotPath(both);
        return visit.therapist().request(id -> new ClientMessage.Admit(id, visit.patient().participantId()))
                .thenCompose(a -> CompletableFuture.allOf(
                        visit.therapist().request(id -> new ClientMessage.ChatSubscribe(id, null, null)),
                        visit.patient().request(id -> new ClientMessage.ChatSubscribe(id, null, null))))
                .thenApply(v -> List.of(visit.therapist(), visit.patient()));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
