package se.samtal.loadtest.bench;

import se.samtal.loadtest.peer.Frame;
import se.samtal.loadtest.peer.SamtalPeer;
import se.samtal.loadtest.peer.WebRtcSamples;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.IceCandidate;
import se.samtal.protocol.SessionDescription;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * A video visit as two browsers play it once both are connected: the therapist lets the patient
 * in, both enter the call, the impolite side offers, the polite side answers, and each trickles
 * two ICE candidates and the end of candidates. Completes when everything has arrived at the
 * other side. The SDP is synthetic but of a browser's size ({@link WebRtcSamples}).
 */
final class VisitScript {
    static final Duration EVENT_TIMEOUT = Duration.ofSeconds(15);
    private static final int CANDIDATES = 2;

    private VisitScript() {
    }

    /** From the patient waiting to both sides having every candidate of the other. */
    static CompletableFuture<Void> admitAndConnect(SamtalPeer therapist, SamtalPeer patient) {
        String me = patient.participantId();
        return therapist.request(id -> new ClientMessage.Admit(id, me))
                .thenCompose(a -> patient.awaitEvent(stage(me, "admitted"), EVENT_TIMEOUT))
                .thenCompose(a -> therapist.request(ClientMessage.JoinCall::new))
                .thenCompose(j -> patient.request(ClientMessage.JoinCall::new))
                .thenCompose(j -> therapist.awaitEvent(VisitScript::hasPeer, EVENT_TIMEOUT)
                        .thenCombine(patient.awaitEvent(VisitScript::hasPeer, EVENT_TIMEOUT), (t, p) -> {
                            boolean therapistPolite = t.tree().get("polite").asBoolean();
                            return therapistPolite ? new Pair(patient, therapist, p) : new Pair(therapist, patient, t);
                        }))
                .thenCompose(VisitScript::negotiate);
    }

    /** Who offers (the impolite side), who answers, and the offerer's {@code call.peer}. */
    private record Pair(SamtalPeer offerer, SamtalPeer answerer, Frame offererPeer) {
        long epoch() {
            return offererPeer.tree().get("epoch").asLong();
        }
    }

    private static CompletableFuture<Void> negotiate(Pair pair) {
        SamtalPeer offerer = pair.offerer();
        SamtalPeer answerer = pair.answerer();
        long epoch = pair.epoch();
        return offerer.request(id -> description(id, answerer, epoch, "offer"))
                .thenCompose(s -> answerer.awaitEvent(signal("offer"), EVENT_TIMEOUT))
                .thenCompose(o -> answerer.request(id -> description(id, offerer, epoch, "answer")))
                .thenCompose(s -> offerer.awaitEvent(signal("answer"), EVENT_TIMEOUT))
                .thenCompose(a -> trickle(offerer, answerer, epoch).thenCombine(trickle(answerer, offerer, epoch), (x, y) -> x))
                .thenCompose(v -> received(answerer, CANDIDATES + 1).thenCombine(received(offerer, CANDIDATES + 1), (x, y) -> x));
    }

    private static ClientMessage.Signal description(String id, SamtalPeer to, long epoch, String type) {
        return new ClientMessage.Signal(id, to.participantId(), epoch, new SessionDescription(type, WebRtcSamples.SDP), null);
    }

    private static CompletableFuture<Void> trickle(SamtalPeer from, SamtalPeer to, long epoch) {
        CompletableFuture<?> chain = CompletableFuture.completedFuture(null);
        for (int i = 0; i <= CANDIDATES; i++) {
            String line = i == CANDIDATES ? "" : WebRtcSamples.candidate(i);
            var candidate = new IceCandidate(line, "0", 0, "EsAw");
            chain = chain.thenCompose(x -> from.request(id -> new ClientMessage.Signal(id, to.participantId(), epoch, null, candidate)));
        }
        return chain.thenApply(x -> null);
    }

    private static CompletableFuture<Void> received(SamtalPeer peer, int candidates) {
        CompletableFuture<?> chain = CompletableFuture.completedFuture(null);
        for (int i = 0; i < candidates; i++) {
            chain = chain.thenCompose(x -> peer.awaitEvent(f -> "signal".equals(f.type()) && f.tree().has("candidate"), EVENT_TIMEOUT));
        }
        return chain.thenApply(x -> null);
    }

    static Predicate<Frame> stage(String participantId, String stage) {
        return f -> "presence".equals(f.type()) && participantId.equals(f.at("/participant/participantId"))
                && stage.equals(f.at("/participant/stage"));
    }

    private static boolean hasPeer(Frame f) {
        return "call.peer".equals(f.type()) && f.at("/peer") != null;
    }

    private static Predicate<Frame> signal(String type) {
        return f -> "signal".equals(f.type()) && type.equals(f.at("/description/type"));
    }
}
