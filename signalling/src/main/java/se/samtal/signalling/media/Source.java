package se.samtal.signalling.media;

import java.util.Objects;

/**
 * One media source an endpoint sends: its SSRC and, for video, the SSRC of its retransmissions
 * (RTX, paired with the first in an {@code FID} group). Named as Jitsi names sources
 * ({@code <endpoint>-a0}, {@code <endpoint>-v0}); the bridge's own feedback sources are
 * {@code jvb-a0} and {@code jvb-v0}.
 *
 * @param owner the endpoint that sends it (for the bridge's feedback sources: {@code jvb})
 * @param name  the source name
 * @param kind  audio or video
 * @param ssrc  1 to 2³²−1
 * @param rtx   the RTX SSRC of a video source, or 0 if none
 */
public record Source(String owner, String name, MediaKind kind, long ssrc, long rtx) {
    public Source {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (ssrc <= 0 || ssrc > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("ssrc");
        }
        if (rtx < 0 || rtx > 0xFFFF_FFFFL || (rtx != 0 && kind != MediaKind.VIDEO)) {
            throw new IllegalArgumentException("rtx");
        }
    }

    /** An endpoint's audio source, named {@code <endpoint>-a0}. */
    public static Source audio(String endpoint, long ssrc) {
        return new Source(endpoint, endpoint + "-a0", MediaKind.AUDIO, ssrc, 0);
    }

    /** An endpoint's video source, named {@code <endpoint>-v0}, with its RTX SSRC (0 if none). */
    public static Source video(String endpoint, long ssrc, long rtx) {
        return new Source(endpoint, endpoint + "-v0", MediaKind.VIDEO, ssrc, rtx);
    }
}
