package se.samtal.videobridge.media;

import java.util.List;
import java.util.SequencedMap;

/**
 * One RTP payload type as both the bridge (Colibri2 {@code payload-types}) and a browser (SDP
 * {@code a=rtpmap}, {@code a=fmtp}, {@code a=rtcp-fb}) are told about it.
 *
 * @param payloadType 96–127 for dynamic types
 * @param name        e.g. {@code opus}, {@code VP8}, {@code rtx}
 * @param clockRate   in Hz
 * @param channels    1 for video, 2 for Opus
 * @param parameters  {@code a=fmtp} parameters in order
 * @param feedback    {@code a=rtcp-fb} values, e.g. {@code nack pli}
 */
public record Codec(int payloadType, String name, int clockRate, int channels, SequencedMap<String, String> parameters,
                    List<String> feedback) {
    public Codec {
        parameters = java.util.Collections.unmodifiableSequencedMap(new java.util.LinkedHashMap<>(parameters));
        feedback = List.copyOf(feedback);
    }
}
