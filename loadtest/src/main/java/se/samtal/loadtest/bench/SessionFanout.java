package se.samtal.loadtest.bench;

import se.samtal.loadtest.baseline.BroadcastServer;
import se.samtal.loadtest.measure.Latencies;
import se.samtal.loadtest.measure.Pacer;
import se.samtal.loadtest.measure.StepSearch;
import se.samtal.loadtest.peer.Frame;
import se.samtal.loadtest.peer.SamtalPeer;
import se.samtal.loadtest.platform.Person;
import se.samtal.loadtest.platform.PlatformClient;
import se.samtal.loadtest.process.JvmProcess;
import se.samtal.loadtest.process.ProcessProbe;
import se.samtal.loadtest.process.SamtalServerProcess;
import se.samtal.loadtest.wire.WsClient;
import se.samtal.loadtest.wire.WsConnection;
import se.samtal.loadtest.wire.WsListener;
import se.samtal.protocol.ClientMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * B2, session fan-out: many four-person sessions (therapist, patient, relative, interpreter) in
 * which everyone writes in the session's chat, each message reaching the other three. The path
 * is samtal's <em>durable</em> session chat: {@code chat.send} is stored in {@code chat.db}
 * (group commit, {@code synchronous=FULL}) before it is acked and fanned out as
 * {@code chat.message} (which also carries the writer's receipts). The same rooms, clients, message
 * text and open-loop schedule then run against the bare Netty broadcast server, in the same run,
 * and the sustained rates are compared.
 *
 * <p>A step is sustained when nothing failed, at least 95 % of the expected deliveries arrived
 * within the window, and the end-to-end p99 is at most 50 ms. After samtal's search, one more
 * step at a light fixed rate ({@link LightLoad}): what a delivered message costs the server when it
 * is far from busy, next to what it costs at the sustained rate.
 */
final class SessionFanout {
    static final String ID = "B2";
    private static final double P99_BOUND_MS = 50;
    private final BenchContext ctx;
    /** Who is in each room: a therapist, a patient, a relative, an interpreter, then more relatives. */
    private final List<String> roles;
    /** Everyone else in the room receives each message. */
    private final int receivers;

    SessionFanout(BenchContext ctx) {
        this(ctx, 4);
    }

    SessionFanout(BenchContext ctx, int roomSize) {
        this.ctx = ctx;
        var roles = new ArrayList<>(List.of("therapist", "patient", "relative", "interpreter").subList(0, Math.min(4, roomSize)));
        while (roles.size() < roomSize) {
            roles.add("relative");
        }
        this.roles = List.copyOf(roles);
        this.receivers = roomSize - 1;
    }

    BenchResult run() throws InterruptedException {
        var errors = new ArrayList<String>();
        var figures = new LinkedHashMap<String, Object>();
        int sessions = ctx.profile().fanoutSessions();
        figures.put("sessions", sessions);
        figures.put("connections", sessions * roles.size());
        figures.put("textChars", ChatLoad.TEXT_CHARS);
        figures.put("path", "durable session chat (chat.send stored with synchronous=FULL, then chat.message to the other three)");
        var light = new LightLoad[1];
        StepSearch.Result<RateStep> samtal = samtal(sessions, errors, figures, light);
        StepSearch.Result<RateStep> bare = bare(sessions, errors, figures);
        figures.put("samtalSteps", samtal.steps());
        figures.put("bareSteps", bare.steps());
        double samtalRate = samtal.best().map(RateStep::throughput).orElse(0.0);
        double bareRate = bare.best().map(RateStep::throughput).orElse(0.0);
        double ratio = bareRate == 0 ? 0 : samtalRate / bareRate;
        figures.put("samtalDeliveredPerSecond", Math.round(samtalRate));
        figures.put("bareDeliveredPerSecond", Math.round(bareRate));
        figures.put("ratio", ratio);
        var latency = samtal.best().map(RateStep::latency).orElse(new Latencies.Summary(0, 0, 0, 0, 0));
        var bareLatency = bare.best().map(RateStep::latency).orElse(new Latencies.Summary(0, 0, 0, 0, 0));
        var rows = new ArrayList<>(List.of(
                new Row(ID, "samtal delivered msgs/s (sustained, p99 ≤ 50 ms)", Fmt.count(samtalRate), "≥ 25 000",
                        samtalRate >= 25_000),
                new Row(ID, "samtal end-to-end p50 / p99 / p99.9", Fmt.ms(latency.p50()) + " / " + Fmt.ms(latency.p99())
                        + " / " + Fmt.ms(latency.p999()), "p99 ≤ 50 ms", samtal.best().isPresent() && latency.p99() <= P99_BOUND_MS),
                Row.info(ID, "bare Netty delivered msgs/s (same run)", Fmt.count(bareRate) + "  (p99 " + Fmt.ms(bareLatency.p99()) + ")"),
                new Row(ID, "ratio samtal / bare Netty", Fmt.ratio(ratio), "≥ 0.6", ratio >= 0.6),
                Row.info(ID, "server CPU per delivered msg, samtal / bare Netty",
                        Fmt.micros(samtal.best().map(RateStep::serverCpuMicros).orElse(-1.0)) + " / "
                                + Fmt.micros(bare.best().map(RateStep::serverCpuMicros).orElse(-1.0)))));
        if (light[0] != null) {
            rows.addAll(light[0].rows(ID, ctx.profile().lightRate(), "delivered", receivers, samtal.best().orElse(null), figures));
        }
        return new BenchResult(ID, "session fan-out", rows, figures, errors);
    }

    /** Only samtal, {@code sessions} rooms of this size: the best step and the steps tried. */
    StepSearch.Result<RateStep> samtalOnly(int sessions, List<String> errors, Map<String, Object> figures) throws InterruptedException {
        return samtal(sessions, errors, figures, null);
    }

    /** @param light where to put the light-load step after the search; null: no such step */
    private StepSearch.Result<RateStep> samtal(int sessions, List<String> errors, Map<String, Object> figures, LightLoad[] light)
            throws InterruptedException {
        var load = new ChatLoad(ctx.codec(), "chat.message");
        try (var server = ctx.startSamtal(ID, BenchContext.RAISED_PERSON_LIMITS);
             var platform = new PlatformClient(server.baseUri(), server.apiKey(), ctx.json(), 32);
             var client = new WsClient(ctx.clientThreads(), 2)) {
            var rooms = Bounded.run(sessions, 32, i -> room(server, platform, client, i)).join();
            List<SamtalPeer> peers = new ArrayList<>();
            Bounded.successes(rooms, errors, "sessions to set up").forEach(peers::addAll);
            for (SamtalPeer peer : peers) {
                peer.hotPath(load::received);
                peer.closed().thenAccept(code -> load.closes.increment());
            }
            var result = search("samtal", server.process().pid(), peers.stream().map(SamtalPeer::connection).toList(), load, light);
            figures.put("samtalErrorCode", load.firstError());
            return result;
        }
    }

    /** Books a four-person session, lets everyone in (the therapist admits the patient) and has all follow the chat. */
    private CompletableFuture<List<SamtalPeer>> room(SamtalServerProcess server, PlatformClient platform, WsClient client, int i) {
        var people = new ArrayList<Person>();
        for (int k = 0; k < roles.size(); k++) {
            String role = roles.get(k);
            people.add(new Person(role.charAt(0) + (k < 4 ? "" : Integer.toString(k)) + "-" + i, role, role + " " + i));
        }
        return platform.bookSession("video", people)
                .thenCompose(sessionId -> platform.sessionLinks(sessionId, people))
                .thenCompose(tokens -> ctx.joinHostFirst(server, client, tokens))
                .thenCompose(all -> {
                    SamtalPeer therapist = all.getFirst();
                    SamtalPeer patient = all.get(1);
                    return therapist.request(id -> new ClientMessage.Admit(id, patient.participantId()))
                            .thenCompose(admitted -> CompletableFuture.allOf(all.stream()
                                    .map(p -> p.request(id -> new ClientMessage.ChatSubscribe(id, null, null)))
                                    .toArray(CompletableFuture[]::new)))
                            .thenApply(v -> all);
                });
    }

    private StepSearch.Result<RateStep> bare(int sessions, List<String> errors, Map<String, Object> figures)
            throws InterruptedException {
        var load = new ChatLoad(ctx.codec(), "chat.send");
        var dir = ctx.runDir().resolve(ID + "-bare");
        int port;
        try {
            java.nio.file.Files.createDirectories(dir);
            port = SamtalServerProcess.freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var program = List.of("-cp", ctx.classpath(), BroadcastServer.class.getName(), Integer.toString(port));
        try (var server = JvmProcess.start(ctx.serverFlags(), program, dir.resolve("bare.log"));
             var client = new WsClient(ctx.clientThreads(), 2)) {
            server.awaitHealthy(URI.create("http://127.0.0.1:" + port + "/healthz"), Duration.ofSeconds(30));
            WsListener listener = new WsListener() {
                @Override
                public void text(WsConnection connection, io.netty.buffer.ByteBuf utf8) {
                    Frame frame = ctx.frames().header(utf8);
                    load.received(frame);
                }

                @Override
                public void closed(WsConnection connection, int code) {
                    load.closes.increment();
                }
            };
            var opened = Bounded.run(sessions * roles.size(), 64, i -> client.connect(
                    URI.create("ws://127.0.0.1:" + port + BroadcastServer.ROOM_PATH + "/" + (i / roles.size())), listener)).join();
            var connections = Bounded.successes(opened, errors, "baseline connections");
            figures.put("bareServerPid", server.pid());
            return search("bare Netty", server.pid(), connections, load, null);
        }
    }

    private StepSearch.Result<RateStep> search(String label, long serverPid, List<WsConnection> connections, ChatLoad load,
                                               LightLoad[] light) {
        if (connections.isEmpty()) {
            return new StepSearch.Result<>(List.of(), java.util.Optional.empty());
        }
        var targets = connections.stream().map(load::sender).toList();
        try (var pacer = new Pacer(targets, 1000)) {
            pacer.rate(ctx.profile().fanoutStart() / targets.size());
            sleep(ctx.profile().jitWarmUp());
            pacer.rate(0);
            drain(load);
            var search = new StepSearch(ctx.profile().fanoutStart(), 1.5, ctx.profile().maxSteps(), ctx.profile().refinements(),
                    ctx.profile().refinements());
            var result = search.run(rate -> step(label, serverPid, pacer, targets.size(), load, rate, ctx.profile().warmUp(),
                    ctx.profile().measure()), s -> s.offered() / receivers, ctx.searchDeadline());
            if (light != null) {
                pacer.rate(0);
                drain(load);
                double idle = LightLoad.cpuShare(serverPid, ctx.profile().warmUp().multipliedBy(2));
                light[0] = new LightLoad(step(label + " light load", serverPid, pacer, targets.size(), load, ctx.profile().lightRate(),
                        ctx.profile().warmUp().multipliedBy(2), ctx.profile().fixedMeasure()), idle);
            }
            return result;
        }
    }

    private RateStep step(String label, long serverPid, Pacer pacer, int senders, ChatLoad load, double sendsPerSecond,
                          Duration warmUp, Duration measure) {
        long errors0 = load.errors.sum() + load.closes.sum();
        pacer.rate(sendsPerSecond / senders);
        sleep(warmUp);
        load.resetWindow();
        long cpu0 = ProcessProbe.cpuNanos(serverPid);
        sleep(measure);
        long cpu1 = ProcessProbe.cpuNanos(serverPid);
        double seconds = measure.toNanos() / 1e9;
        long sent = load.sent.sum();
        long delivered = load.delivered.sum();
        var latency = load.endToEnd.interval();
        long errors = load.errors.sum() + load.closes.sum() - errors0;
        double expected = sent * (double) receivers;
        String why = errors > 0 ? "errors" : delivered < 0.95 * expected ? "fell behind"
                : latency.p99() > P99_BOUND_MS ? "p99 over 50 ms" : "";
        var step = new RateStep(sendsPerSecond * receivers, delivered / seconds, latency, errors, why.isEmpty(), why,
                RateStep.cpuMicrosPer(cpu0, cpu1, delivered / seconds, seconds));
        System.out.println("  " + ID + " " + label + (receivers != 3 ? " (rooms of " + roles.size() + ")" : "") + ": " + step.describe());
        if (!step.passed()) {
            pacer.rate(0);
            drain(load);
        }
        return step;
    }

    /** Waits until deliveries stop (at most 10 s), so the next step does not start on a backlog. */
    static void drain(ChatLoad load) {
        long last = -1;
        for (int i = 0; i < 20 && load.deliveredEver() != last; i++) {
            last = load.deliveredEver();
            sleep(Duration.ofMillis(500));
        }
    }

    static void sleep(Duration duration) {
        try {
            TimeUnit.NANOSECONDS.sleep(duration.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
