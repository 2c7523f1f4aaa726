package se.samtal.loadtest.bench;

import se.samtal.loadtest.measure.Latencies;
import se.samtal.loadtest.measure.Pacer;
import se.samtal.loadtest.measure.StepSearch;
import se.samtal.loadtest.peer.SamtalPeer;
import se.samtal.loadtest.platform.Person;
import se.samtal.loadtest.platform.PlatformClient;
import se.samtal.loadtest.process.ProcessProbe;
import se.samtal.loadtest.process.SamtalServerProcess;
import se.samtal.loadtest.wire.WsClient;
import se.samtal.protocol.ClientMessage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * B4, durable chat: patients writing in their care conversations, each message acknowledged only
 * once it is committed to {@code chat.db} ({@code synchronous=FULL}: on disk). First at a fixed
 * offered rate, then stepping up to the sustained maximum: the highest offered rate whose acks
 * keep up (at least 97 % acked within the window, no errors) with ack p99 at most 100 ms, i.e.
 * no queue building up. Last, a step at a light fixed rate ({@link LightLoad}): what a durable
 * message costs the server when it is far from busy, next to what it costs at the sustained maximum.
 */
final class DurableChat {
    static final String ID = "B4";
    private static final double FIXED_P99_BOUND_MS = 20;
    private static final double SUSTAINED_P99_BOUND_MS = 100;
    private final BenchContext ctx;

    DurableChat(BenchContext ctx) {
        this.ctx = ctx;
    }

    BenchResult run() throws InterruptedException {
        var errors = new ArrayList<String>();
        var figures = new LinkedHashMap<String, Object>();
        int conversations = ctx.profile().chatConversations();
        figures.put("conversations", conversations);
        figures.put("textChars", ChatLoad.TEXT_CHARS);
        var load = new ChatLoad(ctx.codec(), "chat.message");
        try (var server = ctx.startSamtal(ID, BenchContext.RAISED_PERSON_LIMITS);
             var platform = new PlatformClient(server.baseUri(), server.apiKey(), ctx.json(), 32);
             var client = new WsClient(ctx.clientThreads(), 2)) {
            var opened = Bounded.run(conversations, 32, i -> writer(server, platform, client, i)).join();
            var peers = Bounded.successes(opened, errors, "conversations to open");
            for (SamtalPeer peer : peers) {
                peer.hotPath(load::received);
                peer.closed().thenAccept(code -> load.closes.increment());
            }
            var targets = peers.stream().map(p -> load.sender(p.connection())).toList();
            try (var pacer = new Pacer(targets, 1000)) {
                double fixedRate = ctx.profile().chatFixedRate();
                // Warm the server's JIT, then let what the cold server queued drain away, so the
                // fixed-rate step does not start on a backlog and measure the warm-up instead.
                pacer.rate(fixedRate / targets.size());
                SessionFanout.sleep(ctx.profile().jitWarmUp());
                pacer.rate(0);
                drainAcks(load);
                var fixed = step(server.process().pid(), pacer, targets.size(), load, fixedRate, ctx.profile().warmUp().multipliedBy(2),
                        ctx.profile().measure().multipliedBy(2), FIXED_P99_BOUND_MS);
                figures.put("fixed", fixed);
                StepSearch.Result<RateStep> max = new StepSearch.Result<>(List.of(), java.util.Optional.empty());
                if (!ctx.profile().isSmoke()) {
                    var search = new StepSearch(fixedRate, 1.3, ctx.profile().maxSteps(), ctx.profile().refinements(),
                            ctx.profile().refinements());
                    max = search.run(rate -> step(server.process().pid(), pacer, targets.size(), load, rate, ctx.profile().warmUp(),
                            ctx.profile().measure(), SUSTAINED_P99_BOUND_MS), RateStep::offered, ctx.searchDeadline());
                    figures.put("steps", max.steps());
                }
                pacer.rate(0);
                drainAcks(load);
                double idle = LightLoad.cpuShare(server.process().pid(), ctx.profile().warmUp().multipliedBy(2));
                var light = new LightLoad(step(server.process().pid(), pacer, targets.size(), load, ctx.profile().lightRate(),
                        ctx.profile().warmUp().multipliedBy(2), ctx.profile().fixedMeasure(), SUSTAINED_P99_BOUND_MS), idle);
                if (load.firstError() != null) {
                    errors.add("chat.send refused: " + load.firstError());
                }
                return result(fixed, max, light, figures, errors);
            }
        }
    }

    /** Opens a care conversation between a patient and a therapist; the patient connects and follows it. */
    private CompletableFuture<SamtalPeer> writer(SamtalServerProcess server, PlatformClient platform, WsClient client, int i) {
        var members = List.of(new Person("p-" + i, "patient", "Patient " + i), new Person("t-" + i, "therapist", "Terapeut " + i));
        return platform.openConversation(members)
                .thenCompose(id -> platform.conversationLink(id, "p-" + i))
                .thenCompose(token -> SamtalPeer.open(client, server.webSocketUri(), ctx.codec(), ctx.frames())
                        .thenCompose(peer -> peer.hello(token)
                                .thenCompose(w -> peer.request(id -> new ClientMessage.ChatSubscribe(id, null, null)))
                                .thenApply(s -> peer)));
    }

    private RateStep step(long serverPid, Pacer pacer, int writers, ChatLoad load, double perSecond, Duration warmUp, Duration measure,
                          double p99Bound) {
        long errors0 = load.errors.sum() + load.closes.sum();
        pacer.rate(perSecond / writers);
        SessionFanout.sleep(warmUp);
        load.resetWindow();
        long cpu0 = ProcessProbe.cpuNanos(serverPid);
        SessionFanout.sleep(measure);
        long cpu1 = ProcessProbe.cpuNanos(serverPid);
        double seconds = measure.toNanos() / 1e9;
        long sent = load.sent.sum();
        long acked = load.acked.sum();
        var latency = load.ack.interval();
        long errors = load.errors.sum() + load.closes.sum() - errors0;
        String why = errors > 0 ? "errors" : acked < 0.97 * sent ? "acks fell behind"
                : latency.p99() > p99Bound ? "p99 over " + (int) p99Bound + " ms" : "";
        var step = new RateStep(perSecond, acked / seconds, latency, errors, why.isEmpty(), why,
                RateStep.cpuMicrosPer(cpu0, cpu1, acked / seconds, seconds));
        System.out.println("  " + ID + ": " + step.describe());
        if (!step.passed()) {
            pacer.rate(0);
            drainAcks(load);
        }
        return step;
    }

    /** Waits until acks stop coming (at most 10 s), so the next step does not start on a backlog. */
    private static void drainAcks(ChatLoad load) {
        long last = -1;
        for (int i = 0; i < 20 && load.acked.sum() != last; i++) {
            last = load.acked.sum();
            SessionFanout.sleep(Duration.ofMillis(500));
        }
    }

    private BenchResult result(RateStep fixed, StepSearch.Result<RateStep> max, LightLoad light, LinkedHashMap<String, Object> figures,
                               List<String> errors) {
        double sustained = max.best().map(RateStep::throughput).orElse(0.0);
        figures.put("sustainedAckedPerSecond", Math.round(sustained));
        var rows = new ArrayList<Row>();
        rows.add(new Row(ID, "durable msgs/s acked at " + Fmt.count(fixed.offered()) + "/s offered", Fmt.count(fixed.throughput()),
                "≥ 2 000", fixed.throughput() >= 2000 * 0.97));
        rows.add(new Row(ID, "ack latency p50 / p99 at that rate", Fmt.ms(fixed.latency().p50()) + " / " + Fmt.ms(fixed.latency().p99()),
                "p99 ≤ 20 ms", fixed.latency().p99() <= FIXED_P99_BOUND_MS && fixed.errors() == 0));
        rows.add(Row.info(ID, "server CPU per durable msg at that rate", Fmt.micros(fixed.serverCpuMicros())));
        if (!max.steps().isEmpty()) {
            var best = max.best();
            rows.add(Row.info(ID, "sustained maximum (acks keep up, p99 ≤ 100 ms)", Fmt.count(sustained)
                    + best.map(b -> "  (p99 " + Fmt.ms(b.latency().p99()) + ")").orElse("")));
        }
        // High load: the sustained maximum; in a smoke run (no search) the fixed rate.
        RateStep high = max.steps().isEmpty() ? fixed : max.best().orElse(null);
        rows.addAll(light.rows(ID, ctx.profile().lightRate(), "durable", 1, high, figures));
        return new BenchResult(ID, "durable chat", rows, figures, errors);
    }
}
