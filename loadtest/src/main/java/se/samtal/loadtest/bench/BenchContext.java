package se.samtal.loadtest.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import se.samtal.loadtest.peer.Frames;
import se.samtal.loadtest.peer.SamtalPeer;
import se.samtal.loadtest.process.ProcessProbe;
import se.samtal.loadtest.process.SamtalServerProcess;
import se.samtal.loadtest.wire.WsClient;
import se.samtal.protocol.WireCodec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What every benchmark shares: where the packaged server is and how to start it, the run's
 * directory, the load profile, and the time budget.
 *
 * @param serverJar     samtal's packaged jar
 * @param classpath     this harness's classpath (to start the bare baseline server from it)
 * @param runDir        where servers keep their data and logs
 * @param serverFlags   JVM flags of every server the harness starts (samtal and the baseline)
 * @param clientThreads event-loop threads of the load client
 * @param fileLimit     the open-files limit servers and the load client run with
 * @param serverVmFlags what {@code jcmd VM.flags} says of the first samtal started (ergonomic choices included)
 */
public record BenchContext(Path serverJar, String classpath, Path runDir, List<String> serverFlags, Profile profile,
                           int clientThreads, int fileLimit, WireCodec codec, Frames frames,
                           AtomicReference<String> serverVmFlags) {

    public ObjectMapper json() {
        return codec.mapper();
    }

    /**
     * Configuration for benchmarks where every person writes several messages a second: the
     * production defaults (20 requests/s, 30 chat messages a minute per person) would refuse the
     * offered load. Never the defaults of a real deployment.
     */
    public static final String RAISED_PERSON_LIMITS = """
            gateway: {requestsPerSecond: 1000, requestBurst: 2000}
            chat: {messagesPerMinute: 6000, messageBurst: 1000}
            """;

    /** Starts samtal for one benchmark, in a directory of its own, with {@code settings} added to its configuration. */
    public SamtalServerProcess startSamtal(String benchmark, String settings) throws InterruptedException {
        var server = SamtalServerProcess.start(serverJar, runDir.resolve(benchmark), serverFlags, settings);
        if (serverVmFlags.get() == null) {
            serverVmFlags.set(ProcessProbe.vmFlags(server.process().pid()));
        }
        return server;
    }

    /** When a rate search that starts now must stop starting steps. */
    public long searchDeadline() {
        return System.nanoTime() + profile.searchBudget().toNanos();
    }

    /** A new connection to {@code server} that has said hello with {@code token}. */
    public CompletableFuture<SamtalPeer> join(SamtalServerProcess server, WsClient client, String token) {
        return SamtalPeer.open(client, server.webSocketUri(), codec(), frames())
                .thenCompose(peer -> peer.hello(token).thenApply(w -> peer));
    }

    /** Everyone of {@code tokens} joined, the first (the host: nobody is let in before one) before the others, in that order. */
    public CompletableFuture<List<SamtalPeer>> joinHostFirst(SamtalServerProcess server, WsClient client, List<String> tokens) {
        return joinHostFirst(java.util.Collections.nCopies(tokens.size(), server), client, tokens);
    }

    /** As {@link #joinHostFirst(SamtalServerProcess, WsClient, List)}, each of {@code tokens} on the node at the same place of {@code nodes}. */
    public CompletableFuture<List<SamtalPeer>> joinHostFirst(List<SamtalServerProcess> nodes, WsClient client, List<String> tokens) {
        return join(nodes.getFirst(), client, tokens.getFirst()).thenCompose(host -> {
            var others = java.util.stream.IntStream.range(1, tokens.size()).mapToObj(k -> join(nodes.get(k), client, tokens.get(k))).toList();
            return CompletableFuture.allOf(others.toArray(CompletableFuture[]::new)).thenApply(v -> {
                var all = new ArrayList<SamtalPeer>();
                all.add(host);
                others.forEach(f -> all.add(f.join()));
                return List.copyOf(all);
            });
        });
    }
}
