package se.samtal.signalling.call;

/**
 * One participant's view of a direct media connection: who the peer is, whether this side is the
 * polite one (perfect negotiation), and the epoch of the peer connection (a new epoch asks both
 * sides for a new RTCPeerConnection).
 */
public record Pairing(String peerId, boolean polite, long epoch) {
}
