package se.samtal.loadtest.bench;

import se.samtal.loadtest.measure.Latencies;
import se.samtal.loadtest.measure.Pacer;
import se.samtal.loadtest.measure.StepSearch;
import se.samtal.loadtest.peer.Frame;
import se.samtal.loadtest.peer.SamtalPeer;
import se.samtal.loadtest.peer.WebRtcSamples;
import se.samtal.loadtest.platform.Person;
import se.samtal.loadtest.platform.PlatformClient;
import se.samtal.loadtest.process.ProcessProbe;
import se.samtal.loadtest.process.SamtalServerProcess;
import se.samtal.loadtest.wire.WsClient;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.SessionDescription;
import se.samtal.videobridge.testing.FakeVideobridge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * B5, group calls through the bridge: calls of eight set up per second, against a bridge double
 * (in this process) that answers Colibri2 as the real bridge does. One call: the platform books it
 * and mints eight links, a therapist and seven relatives connect and enter the call (the third
 * moves it to the bridge; samtal allocates eight endpoints, one Colibri2 request each, and writes
 * eight offers), each answers (a browser-shaped answer), and samtal offers each the other seven's
 * sources. Timed from the last {@code call.join} sent to (a) everyone having an offer and (b)
 * everyone having the offer with all the others' sources.
 *
 * <p>A step is sustained when no call failed, at least 95 % of those started in the window
 * finished, and the p99 of (a) is at most 100 ms.
 */
final class GroupCallSetup {
    static final String ID = "B5";
    private static final int PEOPLE = 8;
    private static final double P99_BOUND_MS = 100;

    private final BenchContext ctx;
    private final AtomicLong numbers = new AtomicLong();

    GroupCallSetup(BenchContext ctx) {
        this.ctx = ctx;
    }

    BenchResult run() throws InterruptedException {
        var errors = new ArrayList<String>();
        var figures = new LinkedHashMap<String, Object>();
        ScheduledExecutorService starter = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "group-pacer"));
        try (var bridge = FakeVideobridge.start("jvb-bench");
             var server = ctx.startSamtal(ID, BenchContext.RAISED_PERSON_LIMITS + "videobridge: {healthInterval: 5s, bridges: "
                     + "[{id: jvb-bench, url: \"" + bridge.restUrl() + "\"}]}\n");
             var platform = new PlatformClient(server.baseUri(), server.apiKey(), ctx.json(), 64);
             var client = new WsClient(ctx.clientThreads(), 2)) {
            var meter = new Meter();
            Pacer.Target target = new Pacer.Target() {
                @Override
                public ScheduledExecutorService executor() {
                    return starter;
                }

                @Override
                public void fire(long intendedNanos) {
                    meter.start(call(server, platform, client));
                }
            };
            try (var pacer = new Pacer(List.of(target), 1000)) {
                pacer.rate(ctx.profile().groupStart());
                SessionFanout.sleep(ctx.profile().jitWarmUp());
                pacer.rate(0);
                awaitIdle(meter);
                var search = new StepSearch(ctx.profile().groupStart(), 2, ctx.profile().maxSteps(), ctx.profile().refinements(),
                        ctx.profile().refinements());
                var notes = new StepNotes(ID, server.process().pid());
                var result = search.run(rate -> step(server.process().pid(), pacer, meter, rate, notes), RateStep::offered,
                        ctx.searchDeadline());
                figures.put("steps", result.steps());
                figures.put("bridgeRefusals", bridge.refusals().size());
                if (!bridge.refusals().isEmpty()) {
                    errors.add("the bridge double refused " + bridge.refusals().size() + " requests, first: " + bridge.refusals().getFirst());
                }
                if (meter.firstError != null) {
                    errors.add("calls failed: " + meter.firstError);
                }
                return result(result, meter, figures, errors, notes, client);
            }
        } finally {
            starter.shutdownNow();
        }
    }

    /** Both times of one call, from its last join sent. */
    private record Times(long offered, long full) {
    }

    private static final class Meter {
        final Latencies offers = new Latencies();
        final Latencies full = new Latencies();
        final LongAdder startedInWindow = new LongAdder();
        final LongAdder doneInWindow = new LongAdder();
        final LongAdder failed = new LongAdder();
        final AtomicInteger inFlight = new AtomicInteger();
        volatile boolean measuring;
        volatile String firstError;

        void start(CompletableFuture<Times> call) {
            boolean counted = measuring;
            inFlight.incrementAndGet();
            if (counted) {
                startedInWindow.increment();
            }
            call.whenComplete((times, failure) -> {
                if (failure != null) {
                    failed.increment();
                    if (firstError == null) {
                        firstError = String.valueOf(failure.getCause() != null ? failure.getCause() : failure);
                        System.out.println("  " + ID + ": first failed call, in flight " + inFlight.get() + ":");
                        failure.printStackTrace(System.out);
                    }
                } else if (counted) {
                    offers.recordNanos(times.offered());
                    full.recordNanos(times.full());
                    doneInWindow.increment();
                }
                inFlight.decrementAndGet();
            });
        }
    }

    private RateStep step(long serverPid, Pacer pacer, Meter meter, double perSecond, StepNotes notes) {
        long failed0 = meter.failed.sum();
        pacer.rate(perSecond);
        SessionFanout.sleep(ctx.profile().warmUp());
        meter.offers.reset();
        meter.full.reset();
        meter.startedInWindow.reset();
        meter.doneInWindow.reset();
        meter.measuring = true;
        long cpu0 = ProcessProbe.cpuNanos(serverPid);
        long jit0 = notes.compilerCpu();
        SessionFanout.sleep(ctx.profile().measure());
        long cpu1 = ProcessProbe.cpuNanos(serverPid);
        long jit1 = notes.compilerCpu();
        meter.measuring = false;
        pacer.rate(0);
        awaitIdle(meter);
        double seconds = ctx.profile().measure().toNanos() / 1e9;
        long started = meter.startedInWindow.sum();
        long done = meter.doneInWindow.sum();
        long errors = meter.failed.sum() - failed0;
        var latency = meter.offers.interval();
        var full = meter.full.interval();
        String why = errors > 0 ? "calls failed" : done < 0.95 * started ? "fell behind"
                : latency.p99() > P99_BOUND_MS ? "p99 over 100 ms" : "";
        var step = new RateStep(perSecond, done / seconds, latency, errors, why.isEmpty(), why,
                RateStep.cpuMicrosPer(cpu0, cpu1, started / seconds, seconds));
        System.out.println("  " + ID + ": " + step.describe() + notes.jit(perSecond, cpu0, cpu1, jit0, jit1)
                + "; everyone with all sources p50/p99 "
                + Fmt.ms(full.p50()) + " / " + Fmt.ms(full.p99()));
        return step;
    }

    private static void awaitIdle(Meter meter) {
        for (int i = 0; i < 600 && meter.inFlight.get() > 0; i++) {
            SessionFanout.sleep(Duration.ofMillis(100));
        }
    }

    /** One call of eight; completes with its times, after which it is ended. */
    private CompletableFuture<Times> call(SamtalServerProcess server, PlatformClient platform, WsClient client) {
        long n = numbers.incrementAndGet();
        var people = new ArrayList<Person>();
        people.add(new Person("t-" + n, "therapist", "Terapeut " + n));
        for (int i = 1; i < PEOPLE; i++) {
            people.add(new Person("r-" + n + "-" + i, "relative", "Anhörig " + i));
        }
        return platform.bookSession("video", people)
                .thenCompose(id -> platform.sessionLinks(id, people))
                .thenCompose(tokens -> ctx.joinHostFirst(server, client, tokens))
                .thenCompose(this::enterAndNegotiate);
    }

    private CompletableFuture<Times> enterAndNegotiate(List<SamtalPeer> peers) {
        CompletableFuture<?> joins = CompletableFuture.completedFuture(null);
        for (SamtalPeer peer : peers) {
            joins = joins.thenCompose(x -> peer.request(ClientMessage.JoinCall::new));
        }
        return joins.thenCompose(x -> {
            long lastJoin = System.nanoTime();
            var firsts = new ArrayList<CompletableFuture<Long>>();
            var fulls = new ArrayList<CompletableFuture<Long>>();
            long ssrc = 1_000_000L * (numbers.get() % 1000);
            for (int i = 0; i < peers.size(); i++) {
                var first = new CompletableFuture<Long>();
                firsts.add(first);
                fulls.add(answerUntilFull(peers.get(i), first, ssrc + 10L * i, ssrc + 10L * i + 2));
            }
            var allFirst = CompletableFuture.allOf(firsts.toArray(CompletableFuture[]::new));
            var allFull = CompletableFuture.allOf(fulls.toArray(CompletableFuture[]::new));
            return allFirst.thenCombine(allFull, (a, b) -> new Times(
                    firsts.stream().mapToLong(CompletableFuture::join).max().orElse(lastJoin) - lastJoin,
                    fulls.stream().mapToLong(CompletableFuture::join).max().orElse(lastJoin) - lastJoin))
                    .whenComplete((t, e) -> hangUp(peers));
        });
    }

    /** Answers every offer from the bridge until one carries the other seven's sources; completes with when it came. */
    private static CompletableFuture<Long> answerUntilFull(SamtalPeer peer, CompletableFuture<Long> first, long audio, long video) {
        return peer.awaitEvent(GroupCallSetup::bridgeOffer, VisitScript.EVENT_TIMEOUT).thenCompose(frame -> {
            long arrived = System.nanoTime();
            first.complete(arrived);
            String offer = frame.at("/description/sdp");
            long epoch = Long.parseLong(frame.at("/epoch"));
            String answer = WebRtcSamples.bridgeAnswer(offer, audio, video);
            peer.request(id -> new ClientMessage.Signal(id, "bridge", epoch, new SessionDescription("answer", answer), null))
                    .exceptionally(e -> null); // an answer overtaken by a newer offer is refused as stale; the newer one is answered
            long sources = offer.split("\r\na=sendonly\r\n", -1).length - 1;
            return sources >= 2L * (PEOPLE - 1) ? CompletableFuture.completedFuture(arrived)
                    : answerUntilFull(peer, first, audio, video);
        });
    }

    private static boolean bridgeOffer(Frame f) {
        return "signal".equals(f.type()) && "bridge".equals(f.at("/from")) && "offer".equals(f.at("/description/type"));
    }

    private static void hangUp(List<SamtalPeer> peers) {
        peers.getFirst().request(ClientMessage.EndSession::new).whenComplete((ack, failure) ->
                peers.forEach(p -> p.connection().drop()));
    }

    private BenchResult result(StepSearch.Result<RateStep> result, Meter meter, LinkedHashMap<String, Object> figures,
                               List<String> errors, StepNotes notes, WsClient client) {
        Optional<RateStep> best = result.best();
        double rate = best.map(RateStep::throughput).orElse(0.0);
        var latency = best.map(RateStep::latency).orElse(new Latencies.Summary(0, 0, 0, 0, 0));
        figures.put("callsPerSecond", Math.round(rate));
        var rows = new ArrayList<Row>();
        rows.add(new Row(ID, "bridged calls of 8 set up/s (p99 ≤ 100 ms)", Fmt.count(rate), "≥ 50", rate >= 50));
        rows.add(new Row(ID, "last join → everyone has an offer, p50 / p99", Fmt.ms(latency.p50()) + " / " + Fmt.ms(latency.p99()),
                "p99 ≤ 100 ms", best.isPresent() && latency.p99() <= P99_BOUND_MS));
        rows.add(Row.info(ID, "server CPU per call of 8 (at that rate)", Fmt.micros(best.map(RateStep::serverCpuMicros).orElse(-1.0))));
        notes.addRows(rows, figures, best, "call of 8", client);
        return new BenchResult(ID, "group calls through the bridge", rows, figures, errors);
    }
}
