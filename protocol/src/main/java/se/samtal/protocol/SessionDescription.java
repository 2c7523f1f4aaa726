package se.samtal.protocol;

/** A WebRTC session description as {@code RTCSessionDescriptionInit}: {@code type} is {@code offer} or {@code answer}. */
public record SessionDescription(String type, String sdp) {
}
