package se.samtal.protocol;

/**
 * A trickled ICE candidate as {@code RTCIceCandidateInit}. An empty {@code candidate} means
 * the end of candidates for that media section.
 */
public record IceCandidate(String candidate, String sdpMid, Integer sdpMLineIndex, String usernameFragment) {
}
