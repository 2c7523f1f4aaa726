package se.samtal.server.cluster;

import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.IceCandidate;
import se.samtal.protocol.ServerMessage;
import se.samtal.server.testing.ChatTesting;
import se.samtal.server.testing.SamtalCluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Not a test: how long a change takes to reach someone on the same node and on another node of
 * a cluster (two samtal processes and Redis on loopback, the shaded jar). Each round sends one
 * request and waits for what it causes to arrive at the other person; reports percentiles.
 * Run with the test classpath after {@code mvn package} (see docs/performance.md).
 */
public final class CrossNodeLatencyBenchmark {
    private static final int WARM_UP = 100;
    private static final int ROUNDS = 500;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private CrossNodeLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        var cluster = SamtalCluster.of(2, ChatWriter.UNTHROTTLED + "gateway: {requestsPerSecond: 10000, requestBurst: 10000}\n");
        cluster.beforeAll(null);
        try {
            for (int patientNode : new int[]{0, 1}) {
                var visit = cluster.admittedVisit(0, 0, patientNode);
                String where = patientNode == 0 ? "same node " : "other node";
                var therapist = visit.therapist();
                var patient = visit.patient();
                ChatTesting.await(therapist.request(ClientMessage.JoinCall::new));
                ChatTesting.await(patient.request(ClientMessage.JoinCall::new));
                long epoch = patient.awaitEvent(ServerMessage.CallPeer.class, p -> p.peer() != null, WAIT).epoch();
                ChatTesting.subscribe(therapist, null);
                ChatTesting.subscribe(patient, null);
                boolean[] camera = {true};
                report(where, "presence event (media.set)", measure(() -> {
                    camera[0] = !camera[0];
                    boolean on = camera[0];
                    therapist.request(id -> new ClientMessage.SetMedia(id, null, on, null));
                    return await(patient, ServerMessage.Presence.class, p -> true);
                }));
                var candidate = new IceCandidate("candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host", "0", 0, null);
                report(where, "relayed signal (candidate)", measure(() -> {
                    // A description now and then: at most 64 candidates may follow one.
                    therapist.request(id -> new ClientMessage.Signal(id, visit.patientId(), epoch, null, candidate));
                    return await(patient, ServerMessage.Relayed.class, r -> r.candidate() != null);
                }, () -> therapist.request(id -> new ClientMessage.Signal(id, visit.patientId(), epoch,
                        new se.samtal.protocol.SessionDescription("offer", "v=0\r\n"), null))));
                report(where, "chat message", measure(() -> {
                    String key = UUID.randomUUID().toString();
                    therapist.request(id -> new ClientMessage.ChatSend(id, null, key, "Hur går det?"));
                    return await(patient, ServerMessage.ChatMessage.class, m -> true);
                }));
                therapist.close();
                patient.close();
            }
        } finally {
            cluster.afterAll(null);
        }
    }

    private static <T extends ServerMessage> boolean await(SamtalConnection on, Class<T> type, Predicate<T> which) {
        try {
            return on.awaitEvent(type, which, WAIT) != null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<Long> measure(Supplier<Boolean> round) {
        return measure(round, () -> null);
    }

    /** Runs {@code round} (send, then wait for its effect) many times; {@code every50} before every fiftieth. */
    private static List<Long> measure(Supplier<Boolean> round, Supplier<?> every50) {
        var micros = new ArrayList<Long>();
        for (int i = 0; i < WARM_UP + ROUNDS; i++) {
            if (i % 50 == 0) {
                every50.get();
            }
            long start = System.nanoTime();
            if (!round.get()) {
                throw new IllegalStateException("nothing arrived");
            }
            if (i >= WARM_UP) {
                micros.add((System.nanoTime() - start) / 1000);
            }
        }
        Collections.sort(micros);
        return micros;
    }

    private static void report(String where, String what, List<Long> micros) {
        System.out.printf("%s  %-28s p50 %5.2f ms  p90 %5.2f ms  p99 %5.2f ms%n", where, what,
                at(micros, 0.50), at(micros, 0.90), at(micros, 0.99));
    }

    private static double at(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) (q * sorted.size()))) / 1000.0;
    }
}
