package se.samtal.signalling.call;

/**
 * The two people of a peer-to-peer call and the epoch of their peer connection. The one who
 * entered the call first is the polite peer (perfect negotiation); the roles stay for the life of
 * the pair, and a new epoch asks both sides for a new RTCPeerConnection.
 */
final class Pair {
    final String polite;
    final String impolite;
    long epoch;

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
}
