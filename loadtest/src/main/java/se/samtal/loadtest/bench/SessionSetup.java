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
 * B3, session setup: the whole way to a connected call, at an offered rate of new visits per
 * second: the platform books a session and mints two links (HTTP), the patient connects and
 * waits, the therapist connects and admits them, both enter the call, offer and answer and three
 * ICE candidates each way are relayed. Latency runs from when the setup was due to when the last
 * candidate arrived; the visit is then ended by the therapist (not timed).
 *
 * <p>A step is sustained when no setup failed, at least 95 % of those started in the window
 * finished, and p99 is at most 50 ms.
 */
final class SessionSetup {
    static final String ID = "B3";
    private static final double P99_BOUND_MS = 50;

    private final BenchContext ctx;
    private final AtomicLong numbers = new AtomicLong();

    SessionSetup(BenchContext ctx) {
        this.ctx = ctx;
    }

    BenchResult run() throws InterruptedException {
        var errors = new ArrayList<String>();
        var figures = new LinkedHashMap<String, Object>();
        ScheduledExecutorService starter = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "setup-pacer"));
        try (var server = ctx.startSamtal(ID, null);
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
                    meter.start(intendedNanos, setup(server, platform, client, intendedNanos));
                }
            };
            try (var pacer = new Pacer(List.of(target), 1000)) {
                pacer.rate(ctx.profile().setupStart());
                SessionFanout.sleep(ctx.profile().jitWarmUp());
                pacer.rate(0);
                awaitIdle(meter);
                var search = new StepSearch(ctx.profile().setupStart(), 2, ctx.profile().maxSteps(), ctx.profile().refinements(),
                    ctx.profile().refinements());
                var notes = new StepNotes(ID, server.process().pid());
                var result = search.run(rate -> step(server.process().pid(), pacer, meter, rate, notes), RateStep::offered,
                        ctx.searchDeadline());
                figures.put("steps", result.steps());
                if (meter.firstError != null) {
                    errors.add("setups failed: " + meter.firstError);
                }
                return result(result, figures, errors, notes, client);
            }
        } finally {
            starter.shutdownNow();
        }
    }

    /** Counts setups and their latencies; only those due inside the measured window count. */
    private static final class Meter {
        final Latencies latencies = new Latencies();
        final LongAdder startedInWindow = new LongAdder();
        final LongAdder doneInWindow = new LongAdder();
        final LongAdder failed = new LongAdder();
        final AtomicInteger inFlight = new AtomicInteger();
        volatile boolean measuring;
        volatile String firstError;

        void start(long intended, CompletableFuture<Long> setup) {
            boolean counted = measuring;
            inFlight.incrementAndGet();
            if (counted) {
                startedInWindow.increment();
            }
            setup.whenComplete((finishedNanos, failure) -> {
                if (failure != null) {
                    failed.increment();
                    if (firstError == null) {
                        // The exception itself, not only its message: a timeout has none.
                        firstError = String.valueOf(failure.getCause() != null ? failure.getCause() : failure)
                                + (measuring ? "" : " (outside a measured window)");
                        System.out.println("  " + ID + ": first failed setup, in flight " + inFlight.get() + ":");
                        failure.printStackTrace(System.out);
                    }
                } else if (counted) {
                    latencies.recordNanos(finishedNanos - intended);
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
        meter.latencies.reset();
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
        var latency = meter.latencies.interval();
        String why = errors > 0 ? "setups failed" : done < 0.95 * started ? "fell behind"
                : latency.p99() > P99_BOUND_MS ? "p99 over 50 ms" : "";
        // Per setup started in the window (the setups in flight then, and the visits ending, share that CPU).
        var step = new RateStep(perSecond, done / seconds, latency, errors, why.isEmpty(), why,
                RateStep.cpuMicrosPer(cpu0, cpu1, started / seconds, seconds));
        System.out.println("  " + ID + ": " + step.describe() + notes.jit(perSecond, cpu0, cpu1, jit0, jit1));
        return step;
    }

    /** Waits (at most 30 s) until every setup started has finished. */
    private static void awaitIdle(Meter meter) {
        for (int i = 0; i < 300 && meter.inFlight.get() > 0; i++) {
            SessionFanout.sleep(java.time.Duration.ofMillis(100));
        }
    }

    /** One visit set up; completes with the time the last candidate arrived, after which it is ended. */
    private CompletableFuture<Long> setup(SamtalServerProcess server, PlatformClient platform, WsClient client, long intended) {
        long n = numbers.incrementAndGet();
        var people = List.of(new Person("t-" + n, "therapist", "Terapeut " + n), new Person("p-" + n, "patient", "Patient " + n));
        return platform.bookSession("video", people)
                .thenCompose(id -> platform.sessionLink(id, "p-" + n).thenCombine(platform.sessionLink(id, "t-" + n), List::of))
                .thenCompose(tokens -> ctx.join(server, client, tokens.get(0))
                        .thenCompose(patient -> ctx.join(server, client, tokens.get(1))
                                .thenCompose(therapist -> VisitScript.admitAndConnect(therapist, patient)
                                        .thenApply(v -> {
                                            long finished = System.nanoTime();
                                            hangUp(therapist, patient);
                                            return finished;
                                        }))));
    }

    private static void hangUp(SamtalPeer therapist, SamtalPeer patient) {
        therapist.request(ClientMessage.EndSession::new).whenComplete((ack, failure) -> {
            therapist.connection().drop();
            patient.connection().drop();
        });
    }

    private BenchResult result(StepSearch.Result<RateStep> result, LinkedHashMap<String, Object> figures, List<String> errors,
                               StepNotes notes, WsClient client) {
        Optional<RateStep> best = result.best();
        double rate = best.map(RateStep::throughput).orElse(0.0);
        var latency = best.map(RateStep::latency).orElse(new Latencies.Summary(0, 0, 0, 0, 0));
        figures.put("setupsPerSecond", Math.round(rate));
        var at200 = result.steps().stream().filter(s -> s.offered() == 200).findFirst();
        at200.ifPresent(s -> figures.put("at200PerSecond", s));
        var rows = new ArrayList<Row>();
        rows.add(new Row(ID, "session setups/s (sustained, p99 ≤ 50 ms)", Fmt.count(rate), "≥ 200", rate >= 200));
        rows.add(new Row(ID, "setup latency p50 / p99", Fmt.ms(latency.p50()) + " / " + Fmt.ms(latency.p99()), "p99 ≤ 50 ms",
                best.isPresent() && latency.p99() <= P99_BOUND_MS));
        rows.add(Row.info(ID, "server CPU per setup (at that rate)", Fmt.micros(best.map(RateStep::serverCpuMicros).orElse(-1.0))));
        notes.addRows(rows, figures, best, "setup", client);
        at200.ifPresent(s -> rows.add(Row.info(ID, "at 200 offered/s: done/s, p50 / p99",
                Fmt.count(s.throughput()) + ", " + Fmt.ms(s.latency().p50()) + " / " + Fmt.ms(s.latency().p99()))));
        return new BenchResult(ID, "session setup", rows, figures, errors);
    }
}
