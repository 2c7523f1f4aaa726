package se.samtal.signalling.call;

/**
 * Two people of a call with a peer connection between them, and its epoch. The one who entered
 * the call first is the polite peer (perfect negotiation); the roles stay for the life of the
 * pair, and a new epoch asks both sides for a new RTCPeerConnection. Each side may send a bounded
 * number of candidates per session description.
 */
final class Pair {
    final String polite;
    final String impolite;
    long epoch;
    int politeCandidates;
    int impoliteCandidates;

    Pair(String polite, String impolite, long epoch) {
        this.polite = polite;
        this.impolite = impolite;
        this.epoch = epoch;
    }

    boolean has(String id) {
        return polite.equals(id) || impolite.equals(id);
    }

    boolean isBetween(String a, String b) {
        return a != null && b != null && has(a) && has(b) && !a.equals(b);
    }

    String peerOf(String id) {
        return polite.equals(id) ? impolite : polite;
    }

    Pairing pairingOf(String id) {
        return new Pairing(peerOf(id), polite.equals(id), epoch);
    }

    /** Counts a candidate from {@code from}; false if they already sent as many as one description may have. */
    boolean countCandidate(String from) {
        if (polite.equals(from)) {
            return ++politeCandidates <= SignalRules.MAX_CANDIDATES_PER_DESCRIPTION;
        }
        return ++impoliteCandidates <= SignalRules.MAX_CANDIDATES_PER_DESCRIPTION;
    }

    /** A new session description from {@code from} starts its count again. */
    void describedBy(String from) {
        if (polite.equals(from)) {
            politeCandidates = 0;
        } else {
            impoliteCandidates = 0;
        }
    }

    GroupCall.LinkState state() {
        return new GroupCall.LinkState(polite, impolite, epoch, politeCandidates, impoliteCandidates);
    }

    static Pair of(GroupCall.LinkState s) {
        var pair = new Pair(s.polite(), s.impolite(), s.epoch());
        pair.politeCandidates = s.politeCandidates();
        pair.impoliteCandidates = s.impoliteCandidates();
        return pair;
    }
}
