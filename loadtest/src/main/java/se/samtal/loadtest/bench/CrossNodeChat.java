package se.samtal.loadtest.bench;

import se.samtal.loadtest.measure.Latencies;
import se.samtal.loadtest.measure.Pacer;
import se.samtal.loadtest.peer.SamtalPeer;
import se.samtal.loadtest.platform.Person;
import se.samtal.loadtest.platform.PlatformClient;
import se.samtal.loadtest.process.JvmProcess;
import se.samtal.loadtest.process.ProcessProbe;
import se.samtal.loadtest.process.RedisProcess;
import se.samtal.loadtest.process.SamtalServerProcess;
import se.samtal.loadtest.wire.WsClient;
import se.samtal.protocol.ClientMessage;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * B6, session chat across two nodes: two samtal nodes in cluster mode on one Redis (started by
 * the harness, {@code appendfsync always}), B2's four-person sessions with the therapist and the
 * relative on node 0 and the patient and the interpreter on node 1, everyone writing in the
 * durable session chat at a fixed offered rate. Every message reaches one receiver on its
 * sender's node and two on the other, in the same window, so the two kinds of delivery are
 * measured under the same load: end-to-end p50 and p99 of each, what crossing adds, and each
 * node's CPU per delivery it made (its process CPU over the window / the messages its
 * connections received). Skipped, with the reason, where {@code redis-server} is not installed.
 */
final class CrossNodeChat {
    static final String ID = "B6";
    private static final double ADDED_P99_TARGET_MS = 3;
    private static final List<String> ROLES = List.of("therapist", "patient", "relative", "interpreter");
    /** The node of each of {@link #ROLES}: two people of every room on each node. */
    private static final List<Integer> NODE_OF = List.of(0, 1, 0, 1);
    private static final int NODES = 2;
    private final BenchContext ctx;

    CrossNodeChat(BenchContext ctx) {
        this.ctx = ctx;
    }

    BenchResult run() throws InterruptedException, IOException {
        var errors = new ArrayList<String>();
        var figures = new LinkedHashMap<String, Object>();
        String missing = RedisProcess.unavailable();
        if (missing != null) {
            System.out.println("  " + ID + " skipped: " + missing);
            figures.put("skipped", missing);
            return new BenchResult(ID, "session chat across two nodes", List.of(Row.info(ID, "skipped", missing)), figures, errors);
        }
        int sessions = ctx.profile().crossNodeSessions();
        double rate = ctx.profile().crossNodeRate();
        String cpus = JvmProcess.serverCpus();
        String pinning = cpus != null
                ? "both nodes and Redis on CPU " + cpus + ", the load client on CPU " + System.getProperty("bench.harnessCpus")
                : "not pinned";
        figures.put("sessions", sessions);
        figures.put("connections", sessions * ROLES.size());
        figures.put("placement", "therapist and relative on node 0, patient and interpreter on node 1");
        figures.put("redis", "redis-server, appendonly yes, appendfsync always");
        figures.put("pinning", pinning);
        figures.put("offeredSentPerSecond", rate);
        figures.put("textChars", ChatLoad.TEXT_CHARS);
        Path dir = ctx.runDir().resolve(ID);
        var load = new CrossNodeLoad(new ChatLoad(ctx.codec(), "chat.message"), NODES);
        // Closed in reverse order: the load client, the nodes (together), then Redis.
        try (var redis = RedisProcess.start(SamtalServerProcess.freePort(), dir.resolve("redis"));
             var nodes = new Nodes(SamtalServerProcess.startCluster(ctx.serverJar(),
                     List.of(dir.resolve("node-0"), dir.resolve("node-1")), ctx.serverFlags(), BenchContext.RAISED_PERSON_LIMITS,
                     redis.url()))) {
            var cluster = nodes.all();
            try (var platform = new PlatformClient(cluster.getFirst().baseUri(), cluster.getFirst().apiKey(), ctx.json(), 32);
                 var client = new WsClient(ctx.clientThreads(), 2)) {
                // Few setups at a time: both nodes and Redis share the servers' CPU, and a node starved
                // for redis.nodeTimeout (5 s) while booking would be taken for gone.
                long t0 = System.nanoTime();
                var rooms = Bounded.run(sessions, 8, i -> room(cluster, platform, client, i)).join();
                figures.put("setupSeconds", seconds(System.nanoTime() - t0));
                var senders = new ArrayList<Pacer.Target>();
                for (List<SamtalPeer> room : Bounded.successes(rooms, errors, "sessions to set up")) {
                    for (int k = 0; k < room.size(); k++) {
                        int node = NODE_OF.get(k);
                        SamtalPeer peer = room.get(k);
                        peer.hotPath(frame -> load.received(frame, node));
                        peer.closed().thenAccept(code -> load.closes.increment());
                        senders.add(load.sender(peer.connection(), node));
                    }
                }
                if (senders.isEmpty()) {
                    return new BenchResult(ID, "session chat across two nodes", List.of(), figures, errors);
                }
                long[] pids = {cluster.get(0).process().pid(), cluster.get(1).process().pid(), redis.pid()};
                try (var pacer = new Pacer(senders, 1000)) {
                    // Warm both JITs, then let what the cold nodes queued drain away.
                    pacer.rate(rate / senders.size());
                    SessionFanout.sleep(ctx.profile().jitWarmUp());
                    pacer.rate(0);
                    long t1 = System.nanoTime();
                    drain(load);
                    figures.put("drainSeconds", seconds(System.nanoTime() - t1));
                    var window = measure(pacer, senders.size(), rate, pids, load);
                    print(window, rate);
                    figures.put("window", window);
                    if (window.errors() > 0) {
                        errors.add(window.errors() + " error replies or lost connections"
                                + (load.firstError() != null ? " (first: " + load.firstError() + ")" : ""));
                    }
                    return new BenchResult(ID, "session chat across two nodes", rows(figures, window), figures, errors);
                }
            }
        }
    }

    /** The cluster's nodes, stopped together. */
    private record Nodes(List<SamtalServerProcess> all) implements AutoCloseable {
        @Override
        public void close() {
            all.parallelStream().forEach(SamtalServerProcess::close);
        }
    }

    /** Books a four-person session, everyone joins on their node, the therapist (node 0) admits the patient (node 1), all follow the chat. */
    private CompletableFuture<List<SamtalPeer>> room(List<SamtalServerProcess> nodes, PlatformClient platform, WsClient client, int i) {
        var people = ROLES.stream().map(role -> new Person(role.charAt(0) + "-" + i, role, role + " " + i)).toList();
        var placed = NODE_OF.stream().map(nodes::get).toList();
        return platform.bookSession("video", people)
                .thenCompose(sessionId -> platform.sessionLinks(sessionId, people))
                .thenCompose(tokens -> ctx.joinHostFirst(placed, client, tokens))
                .thenCompose(all -> {
                    SamtalPeer therapist = all.get(0);
                    SamtalPeer patient = all.get(1);
                    String pid = patient.participantId();
                    // The patient's node learns of the admission from the session's stream: wait for it there.
                    return therapist.request(id -> new ClientMessage.Admit(id, pid))
                            .thenCompose(a -> patient.awaitEvent(VisitScript.stage(pid, "admitted"), VisitScript.EVENT_TIMEOUT))
                            .thenCompose(admitted -> CompletableFuture.allOf(all.stream()
                                    .map(p -> p.request(id -> new ClientMessage.ChatSubscribe(id, null, null)))
                                    .toArray(CompletableFuture[]::new)))
                            .thenApply(v -> all);
                });
    }

    /**
     * The measured window.
     *
     * @param cpuMicrosPerDelivered each node's CPU over the window per delivery it made
     * @param cpuShareOfCore        each node's CPU over the window, in cores
     */
    record Window(double seconds, double sentPerSecond, double ackedPerSecond, double deliveredPerSecond,
                  double expectedDeliveredPerSecond, List<Double> deliveredPerSecondByNode, Latencies.Summary sameNode,
                  Latencies.Summary otherNode, Latencies.Summary ack, double addedP50Ms, double addedP99Ms,
                  List<Double> cpuMicrosPerDelivered, List<Double> cpuShareOfCore, double redisCpuMicrosPerDelivered,
                  double redisCpuShareOfCore, long errors) {

        boolean keptUp() {
            return errors == 0 && deliveredPerSecond >= 0.95 * expectedDeliveredPerSecond;
        }
    }

    private Window measure(Pacer pacer, int senders, double rate, long[] pids, CrossNodeLoad load) {
        long errors0 = load.errors.sum() + load.closes.sum();
        Duration measure = ctx.profile().fixedMeasure().multipliedBy(2);
        pacer.rate(rate / senders);
        SessionFanout.sleep(ctx.profile().warmUp().multipliedBy(2));
        load.resetWindow();
        long[] cpu0 = cpuNanos(pids);
        SessionFanout.sleep(measure);
        long[] cpu1 = cpuNanos(pids);
        pacer.rate(0);
        double seconds = measure.toNanos() / 1e9;
        double sent = load.sent.sum() / seconds;
        var same = load.sameNode.interval();
        var other = load.otherNode.interval();
        var byNode = new ArrayList<Double>();
        var cpuPer = new ArrayList<Double>();
        var cpuShare = new ArrayList<Double>();
        for (int n = 0; n < NODES; n++) {
            double delivered = load.deliveredBy(n) / seconds;
            byNode.add(delivered);
            cpuPer.add(RateStep.cpuMicrosPer(cpu0[n], cpu1[n], delivered, seconds));
            cpuShare.add(share(cpu0[n], cpu1[n], seconds));
        }
        double delivered = byNode.stream().mapToDouble(Double::doubleValue).sum();
        return new Window(seconds, sent, load.acked.sum() / seconds, delivered, sent * (ROLES.size() - 1), byNode, same, other,
                load.ack.interval(), round(other.p50() - same.p50()), round(other.p99() - same.p99()), cpuPer, cpuShare,
                RateStep.cpuMicrosPer(cpu0[NODES], cpu1[NODES], delivered, seconds), share(cpu0[NODES], cpu1[NODES], seconds),
                load.errors.sum() + load.closes.sum() - errors0);
    }

    private static List<Row> rows(Map<String, Object> figures, Window w) {
        return List.of(
                Row.info(ID, "two nodes, one Redis (" + figures.get("pinning") + ")", figures.get("placement").toString()),
                new Row(ID, "delivered msgs/s at " + Fmt.count((double) figures.get("offeredSentPerSecond")) + " sent/s offered",
                        Fmt.count(w.deliveredPerSecond()) + " of " + Fmt.count(w.expectedDeliveredPerSecond()), "all", w.keptUp()),
                Row.info(ID, "end-to-end p50 / p99, receiver on the sender's node",
                        Fmt.ms(w.sameNode().p50()) + " / " + Fmt.ms(w.sameNode().p99())),
                Row.info(ID, "end-to-end p50 / p99, receiver on the other node",
                        Fmt.ms(w.otherNode().p50()) + " / " + Fmt.ms(w.otherNode().p99())),
                new Row(ID, "added by crossing nodes, p50 / p99", signed(w.addedP50Ms()) + " / " + signed(w.addedP99Ms()),
                        "p99 ≤ 3 ms", w.addedP99Ms() <= ADDED_P99_TARGET_MS),
                Row.info(ID, "ack p50 / p99", Fmt.ms(w.ack().p50()) + " / " + Fmt.ms(w.ack().p99())),
                Row.info(ID, "server CPU per delivered msg, node 0 / node 1 (Redis)",
                        Fmt.micros(w.cpuMicrosPerDelivered().get(0)) + " / " + Fmt.micros(w.cpuMicrosPerDelivered().get(1))
                                + "  (" + Fmt.micros(w.redisCpuMicrosPerDelivered()) + ")"));
    }

    private static void print(Window w, double rate) {
        System.out.printf(java.util.Locale.ROOT, "  %s: offered %.0f/s sent, got %.0f delivered/s; same node p50 %.2f p99 %.2f ms,"
                        + " other node p50 %.2f p99 %.2f ms; server CPU per delivered %s / %s, Redis %s; errors %d%n",
                ID, rate, w.deliveredPerSecond(), w.sameNode().p50(), w.sameNode().p99(), w.otherNode().p50(), w.otherNode().p99(),
                Fmt.micros(w.cpuMicrosPerDelivered().get(0)), Fmt.micros(w.cpuMicrosPerDelivered().get(1)),
                Fmt.micros(w.redisCpuMicrosPerDelivered()), w.errors());
    }

    private static double share(long cpuNanosBefore, long cpuNanosAfter, double seconds) {
        return cpuNanosBefore < 0 || cpuNanosAfter < 0 ? -1 : (cpuNanosAfter - cpuNanosBefore) / 1e9 / seconds;
    }

    /** Waits until deliveries stop (at most 10 s), so the measured step does not start on a backlog. */
    private static void drain(CrossNodeLoad load) {
        long last = -1;
        for (int i = 0; i < 20 && load.deliveredEver() != last; i++) {
            last = load.deliveredEver();
            SessionFanout.sleep(Duration.ofMillis(500));
        }
    }

    private static long[] cpuNanos(long[] pids) {
        long[] cpu = new long[pids.length];
        for (int i = 0; i < pids.length; i++) {
            cpu[i] = ProcessProbe.cpuNanos(pids[i]);
        }
        return cpu;
    }

    private static String signed(double millis) {
        return (millis >= 0 ? "+" : "−") + Fmt.ms(Math.abs(millis));
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 1e7) / 100.0;
    }

    private static double round(double millis) {
        return Math.round(millis * 100) / 100.0;
    }
}
