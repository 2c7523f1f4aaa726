package se.samtal.signalling.room;

/**
 * The one-to-one call of a room: two members and the epoch of their peer connection. The member
 * who entered the call first is the polite peer (perfect negotiation); the roles stay for the
 * life of the pair, and a new epoch asks both sides for a new RTCPeerConnection.
 */
final class Call {
    final Member polite;
    final Member impolite;
    long epoch;

    Call(Member polite, Member impolite, long epoch) {
        this.polite = polite;
        this.impolite = impolite;
        this.epoch = epoch;
    }

    boolean has(Member member) {
        return member == polite || member == impolite;
    }

    boolean isBetween(Member a, Member b) {
        return has(a) && has(b) && a != b;
    }

    Member peerOf(Member member) {
        return member == polite ? impolite : polite;
    }

    boolean isPolite(Member member) {
        return member == polite;
    }
}
