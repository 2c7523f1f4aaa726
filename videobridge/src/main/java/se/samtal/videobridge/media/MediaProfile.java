package se.samtal.videobridge.media;

import se.samtal.signalling.media.MediaKind;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * What browsers send in a bridged call, told identically to the bridge and in every SDP offer:
 * Opus for sound (with in-band FEC, as every browser supports it), VP8 for video with RTX
 * retransmissions (every browser decodes it, and the bridge forwards it without transcoding),
 * audio levels (the bridge's dominant-speaker detection), and transport-wide congestion control
 * (the bridge's bandwidth estimation). One profile for every call keeps offers and the bridge's
 * view of each endpoint the same.
 */
public final class MediaProfile {
    public static final Codec OPUS = new Codec(111, "opus", 48000, 2,
            ordered("minptime", "10", "useinbandfec", "1"), List.of("transport-cc"));
    public static final Codec VP8 = new Codec(100, "VP8", 90000, 1, ordered(),
            List.of("ccm fir", "nack", "nack pli", "transport-cc"));
    public static final Codec VP8_RTX = new Codec(96, "rtx", 90000, 1, ordered("apt", "100"), List.of());

    public static final HeaderExtension AUDIO_LEVEL = new HeaderExtension(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level");
    public static final HeaderExtension ABS_SEND_TIME = new HeaderExtension(3,
            "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time");
    public static final HeaderExtension TRANSPORT_CC = new HeaderExtension(5,
            "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01");

    private MediaProfile() {
    }

    /** The payload types of a kind of media, the preferred first. */
    public static List<Codec> codecs(MediaKind kind) {
        return kind == MediaKind.AUDIO ? List.of(OPUS) : List.of(VP8, VP8_RTX);
    }

    /** The header extensions of a kind of media. */
    public static List<HeaderExtension> headerExtensions(MediaKind kind) {
        return kind == MediaKind.AUDIO ? List.of(AUDIO_LEVEL, TRANSPORT_CC) : List.of(ABS_SEND_TIME, TRANSPORT_CC);
    }

    private static LinkedHashMap<String, String> ordered(String... keysAndValues) {
        var map = new LinkedHashMap<String, String>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
