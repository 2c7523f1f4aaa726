package se.samtal.loadtest.bench;

import se.samtal.loadtest.measure.Pacer;
import se.samtal.loadtest.peer.Frame;
import se.samtal.loadtest.peer.SamtalPeer;
import se.samtal.loadtest.platform.Person;
import se.samtal.loadtest.platform.PlatformClient;
import se.samtal.loadtest.process.ProcessProbe;
import se.samtal.loadtest.process.SamtalServerProcess;
import se.samtal.loadtest.wire.WsClient;
import se.samtal.protocol.ClientMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * B1, idle connections: as many authenticated WebSocket connections as the machine allows, each a
 * participant of a booked two-person video visit (the therapist and the patient in the waiting
 * room), held open with the browser client's heartbeat (a {@code ping} request every
 * {@code heartbeatSeconds}). Measures how many were reached and what each costs the server: live
 * heap after a full collection, and resident memory, both as the growth over the server with the
 * same bookings and no connections. Then a share of the visits becomes active ({@link ActiveShare}):
 * what writing in the session chat at a person's pace costs over holding the connections idle.
 */
final class IdleConnections {
    static final String ID = "B1";
    private static final double HEAP_TARGET_BYTES = 20 * 1024;
    private static final int TARGET_CONNECTIONS = 50_000;
    /** Descriptors kept free for the JVM itself (jars, epoll, SQLite, the HTTP client). */
    private static final int RESERVED_FILES = 1000;

    private final BenchContext ctx;

    IdleConnections(BenchContext ctx) {
        this.ctx = ctx;
    }

    BenchResult run() throws InterruptedException {
        var errors = new ArrayList<String>();
        var figures = new LinkedHashMap<String, Object>();
        int wanted = ctx.profile().idleConnections();
        int allowed = ctx.fileLimit() - RESERVED_FILES;
        int target = Math.max(2, Math.min(wanted, allowed) / 2 * 2);
        figures.put("requested", wanted);
        figures.put("openFilesLimit", ctx.fileLimit());
        figures.put("attempted", target);
        try (var server = ctx.startSamtal(ID, null);
             var platform = new PlatformClient(server.baseUri(), server.apiKey(), ctx.json(), 64);
             var client = new WsClient(ctx.clientThreads(), Math.max(2, target / 20_000 + 1))) {
            figures.put("sourceAddresses", client.sourceAddresses());
            long t0 = System.nanoTime();
            List<String> tokens = bookAndMint(platform, target / 2, errors);
            figures.put("bookingSeconds", seconds(System.nanoTime() - t0));

            var before = ProcessProbe.liveHeap(server.process().pid(), 0);
            long rssBefore = ProcessProbe.rssBytes(server.process().pid());

            var pings = new LongAdder();
            var failedPings = new LongAdder();
            var unexpectedCloses = new LongAdder();
            long t1 = System.nanoTime();
            var connected = connect(server, client, tokens);
            List<SamtalPeer> peers = Bounded.successes(connected, errors, "connections");
            figures.put("connectSeconds", seconds(System.nanoTime() - t1));
            Consumer<Frame> heartbeatReplies = frame -> countPing(frame, pings, failedPings);
            for (SamtalPeer peer : peers) {
                peer.hotPath(heartbeatReplies);
                peer.closed().thenAccept(code -> unexpectedCloses.increment());
            }
            int heartbeat = peers.isEmpty() ? 20 : Integer.parseInt(peers.getFirst().welcome().at("/heartbeatSeconds"));
            var ids = new AtomicLong();
            var targets = peers.stream().map(p -> heartbeat(p, ids)).toList();
            try (var pacer = new Pacer(targets, 100_000)) {
                pacer.rate(1.0 / heartbeat);
                // The second half of the hold is the idle state's CPU window (the first settles the connects).
                long half = ctx.profile().idleHold().toMillis() / 2;
                TimeUnit.MILLISECONDS.sleep(half);
                long idleCpu0 = ProcessProbe.cpuNanos(server.process().pid());
                TimeUnit.MILLISECONDS.sleep(ctx.profile().idleHold().toMillis() - half);
                long idleCpu1 = ProcessProbe.cpuNanos(server.process().pid());
                double idleCpuShare = (idleCpu1 - idleCpu0) / 1e6 / (ctx.profile().idleHold().toMillis() - half);
                int open = (int) peers.stream().filter(p -> p.connection().isOpen()).count();
                var after = ProcessProbe.liveHeap(server.process().pid(), 12);
                long rssAfter = ProcessProbe.rssBytes(server.process().pid());
                figures.put("held", open);
                figures.put("serverOpenFiles", ProcessProbe.openFiles(server.process().pid()));
                figures.put("heartbeatSeconds", heartbeat);
                figures.put("pingsAcked", pings.sum());
                figures.put("liveHeapBeforeBytes", before.liveBytes());
                figures.put("liveHeapAfterBytes", after.liveBytes());
                figures.put("rssBeforeBytes", rssBefore);
                figures.put("rssAfterBytes", rssAfter);
                double heapPer = open == 0 ? 0 : (after.liveBytes() - before.liveBytes()) / (double) open;
                double rssPer = open == 0 ? 0 : (rssAfter - rssBefore) / (double) open;
                figures.put("heapBytesPerConnection", Math.round(heapPer));
                figures.put("rssBytesPerConnection", Math.round(rssPer));
                figures.put("topLiveClasses", after.top());
                keepHistograms(before, after);
                figures.put("idleCpuShareOfCore", idleCpuShare);
                var active = new ActiveShare(ctx).run(server.process().pid(), visits(connected), open, idleCpuShare,
                        before.liveBytes(), heartbeatReplies, figures, errors);
                if (failedPings.sum() > 0) {
                    errors.add(failedPings.sum() + " heartbeats were refused");
                }
                if (unexpectedCloses.sum() > 0) {
                    errors.add(unexpectedCloses.sum() + " connections were closed while held");
                }
                pacer.rate(0);
                return result(figures, errors, open, heapPer, rssPer, idleCpuShare, active);
            }
        }
    }

    private List<String> bookAndMint(PlatformClient platform, int sessions, List<String> errors) {
        var futures = Bounded.run(sessions, 64, i -> platform.bookSession("video", List.of(
                        new Person("t-" + i, "therapist", "Terapeut " + i), new Person("p-" + i, "patient", "Patient " + i)))
                .thenCompose(id -> platform.sessionLink(id, "t-" + i)
                        .thenCombine(platform.sessionLink(id, "p-" + i), List::of))).join();
        var tokens = new ArrayList<String>();
        Bounded.successes(futures, errors, "bookings").forEach(tokens::addAll);
        return tokens;
    }

    /** Everyone of {@code tokens} connected: the therapist and the patient of each visit, in turn. */
    private List<CompletableFuture<SamtalPeer>> connect(SamtalServerProcess server, WsClient client, List<String> tokens) {
        return Bounded.run(tokens.size(), 256, i -> SamtalPeer.open(client, server.webSocketUri(), ctx.codec(), ctx.frames())
                .thenCompose(peer -> peer.hello(tokens.get(i)).thenApply(w -> peer))).join();
    }

    /** The visits both of whose people are connected and still open. */
    private static List<ActiveShare.Visit> visits(List<CompletableFuture<SamtalPeer>> connected) {
        var visits = new ArrayList<ActiveShare.Visit>();
        for (int i = 0; i + 1 < connected.size(); i += 2) {
            var therapist = connected.get(i);
            var patient = connected.get(i + 1);
            if (!therapist.isCompletedExceptionally() && !patient.isCompletedExceptionally()
                    && therapist.join().connection().isOpen() && patient.join().connection().isOpen()) {
                visits.add(new ActiveShare.Visit(therapist.join(), patient.join()));
            }
        }
        return visits;
    }

    private static void countPing(Frame frame, LongAdder acked, LongAdder failed) {
        if (frame.id() != null && frame.id().startsWith("h")) {
            (frame.isError() ? failed : acked).increment();
        }
    }

    private static Pacer.Target heartbeat(SamtalPeer peer, AtomicLong ids) {
        return new Pacer.Target() {
            @Override
            public ScheduledExecutorService executor() {
                return peer.connection().eventLoop();
            }

            @Override
            public void fire(long intendedNanos) {
                peer.send(new ClientMessage.Ping("h" + ids.incrementAndGet()));
            }
        };
    }

    /** Both class histograms in full, next to the server's log, to tell what a connection holds (diff them). */
    private void keepHistograms(ProcessProbe.Heap before, ProcessProbe.Heap after) {
        Path dir = ctx.runDir().resolve(ID);
        try {
            Files.writeString(dir.resolve("histogram-before.txt"), before.histogram());
            Files.writeString(dir.resolve("histogram-after.txt"), after.histogram());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private BenchResult result(LinkedHashMap<String, Object> figures, List<String> errors, int open, double heapPer,
                               double rssPer, double idleCpuShare, ActiveShare.Outcome active) {
        int limit = ctx.fileLimit();
        boolean capped = limit - RESERVED_FILES < ctx.profile().idleConnections();
        String reached = Fmt.count(open) + (capped ? " (open-files limit " + Fmt.count(limit) + ")" : "");
        var rows = List.of(
                new Row(ID, "idle connections held", reached, "≥ 50 000", open >= TARGET_CONNECTIONS),
                new Row(ID, "heap per connection (live, after GC)", Fmt.bytes(heapPer), "≤ 20 KB", heapPer <= HEAP_TARGET_BYTES),
                Row.info(ID, "RSS per connection", Fmt.bytes(rssPer)),
                Row.info(ID, "then " + Fmt.count(active.activeConnections()) + " of them active (one msg per "
                                + ctx.profile().activeInterval().toSeconds() + " s each): delivered msgs/s, p50 / p99",
                        Fmt.count(active.deliveredPerSecond()) + ", " + Fmt.ms(active.latency().p50()) + " / "
                                + Fmt.ms(active.latency().p99()) + " (load client's own GC in the window: "
                                + active.harnessPauseMillis() + " ms)"),
                Row.info(ID, "heap per connection with them active (live, after GC)", Fmt.bytes(active.heapBytesPerConnection())),
                Row.info(ID, "server CPU idle / with them active, share of a core", percent(idleCpuShare) + " / "
                        + percent(active.cpuShareOfCore())),
                Row.info(ID, "server CPU per delivered msg with them active (all; beyond idle)",
                        Fmt.micros(active.cpuMicrosPerDelivered()) + "; " + Fmt.micros(active.addedCpuMicrosPerDelivered())));
        return new BenchResult(ID, "idle connections", rows, figures, errors);
    }

    private static String percent(double shareOfCore) {
        return String.format(java.util.Locale.ROOT, "%.1f %%", shareOfCore * 100);
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 1e7) / 100.0;
    }
}
