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

/**
 * B1, idle connections: as many authenticated WebSocket connections as the machine allows, each a
 * participant of a booked two-person video visit (the therapist and the patient in the waiting
 * room), held open with the browser client's heartbeat (a {@code ping} request every
 * {@code heartbeatSeconds}). Measures how many were reached and what each costs the server: live
 * heap after a full collection, and resident memory, both as the growth over the server with the
 * same bookings and no connections.
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
            List<SamtalPeer> peers = connect(server, client, tokens, errors);
            figures.put("connectSeconds", seconds(System.nanoTime() - t1));
            for (SamtalPeer peer : peers) {
                peer.hotPath(frame -> countPing(frame, pings, failedPings));
                peer.closed().thenAccept(code -> unexpectedCloses.increment());
            }
            int heartbeat = peers.isEmpty() ? 20 : Integer.parseInt(peers.getFirst().welcome().at("/heartbeatSeconds"));
            var ids = new AtomicLong();
            var targets = peers.stream().map(p -> heartbeat(p, ids)).toList();
            try (var pacer = new Pacer(targets, 100_000)) {
                pacer.rate(1.0 / heartbeat);
                TimeUnit.MILLISECONDS.sleep(ctx.profile().idleHold().toMillis());
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
                if (failedPings.sum() > 0) {
                    errors.add(failedPings.sum() + " heartbeats were refused");
                }
                if (unexpectedCloses.sum() > 0) {
                    errors.add(unexpectedCloses.sum() + " connections were closed while held");
                }
                pacer.rate(0);
                return result(figures, errors, open, heapPer, rssPer);
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

    private List<SamtalPeer> connect(SamtalServerProcess server, WsClient client, List<String> tokens, List<String> errors) {
        var futures = Bounded.run(tokens.size(), 256, i -> SamtalPeer.open(client, server.webSocketUri(), ctx.codec(), ctx.frames())
                .thenCompose(peer -> peer.hello(tokens.get(i)).thenApply(w -> peer))).join();
        return Bounded.successes(futures, errors, "connections");
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
                               double rssPer) {
        int limit = ctx.fileLimit();
        boolean capped = limit - RESERVED_FILES < ctx.profile().idleConnections();
        String reached = Fmt.count(open) + (capped ? " (open-files limit " + Fmt.count(limit) + ")" : "");
        var rows = List.of(
                new Row(ID, "idle connections held", reached, "≥ 50 000", open >= TARGET_CONNECTIONS),
                new Row(ID, "heap per connection (live, after GC)", Fmt.bytes(heapPer), "≤ 20 KB", heapPer <= HEAP_TARGET_BYTES),
                Row.info(ID, "RSS per connection", Fmt.bytes(rssPer)));
        return new BenchResult(ID, "idle connections", rows, figures, errors);
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 1e7) / 100.0;
    }
}
