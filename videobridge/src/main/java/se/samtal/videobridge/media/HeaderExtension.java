package se.samtal.videobridge.media;

/**
 * An RTP header extension (RFC 8285): its id in this call and its URI.
 *
 * @param id  1–14
 * @param uri e.g. {@code urn:ietf:params:rtp-hdrext:ssrc-audio-level}
 */
public record HeaderExtension(int id, String uri) {
}
