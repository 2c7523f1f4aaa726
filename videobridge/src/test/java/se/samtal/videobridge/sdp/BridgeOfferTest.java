package se.samtal.videobridge.sdp;

import org.junit.jupiter.api.Test;
import se.samtal.signalling.media.DtlsFingerprint;
import se.samtal.signalling.media.Candidate;
import se.samtal.signalling.media.MediaLayout;
import se.samtal.signalling.media.Source;
import se.samtal.signalling.media.Transport;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The SDP offer written for one browser: the bridge's transport everywhere, its own sections, one per remote source. */
class BridgeOfferTest {
    static final Transport BRIDGE = new Transport("jvbufrag", "jvbpasswordjvbpasswordjv",
            List.of(new DtlsFingerprint("sha-256", "0A:" .repeat(31) + "0A", "actpass")),
            List.of(Candidate.host("1", 2130706431L, "10.1.2.3", 10000)), URI.create("ws://127.0.0.1:1/colibri-ws/x"));
    static final List<Source> FEEDBACK = List.of(new Source("jvb", "jvb-a0", se.samtal.signalling.media.MediaKind.AUDIO, 11, 0),
            new Source("jvb", "jvb-v0", se.samtal.signalling.media.MediaKind.VIDEO, 12, 0));

    private static List<String> lines(String sdp) {
        return Arrays.asList(sdp.split("\r\n"));
    }

    private static List<String> section(String sdp, int mid) {
        var sections = sdp.split("\r\nm=");
        return lines("m=" + sections[mid + 1]);
    }

    @Test
    void aBrowserAloneWithTheBridgeGetsItsTwoSectionsWithTheBridgesTransport() {
        String sdp = new BridgeOffer(42, 1, BRIDGE, FEEDBACK, MediaLayout.empty()).sdp();

        assertThat(sdp).endsWith("\r\n").doesNotContain("\n\n");
        assertThat(lines(sdp)).startsWith("v=0", "o=- 42 1 IN IP4 0.0.0.0", "s=-", "t=0 0", "a=group:BUNDLE 0 1");
        var audio = section(sdp, 0);
        assertThat(audio.getFirst()).isEqualTo("m=audio 9 UDP/TLS/RTP/SAVPF 111");
        assertThat(audio).contains("a=ice-ufrag:jvbufrag", "a=ice-pwd:jvbpasswordjvbpasswordjv", "a=setup:actpass", "a=mid:0",
                "a=sendrecv", "a=rtcp-mux", "a=rtpmap:111 opus/48000/2", "a=fmtp:111 minptime=10;useinbandfec=1",
                "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level", "a=ssrc:11 cname:jvb",
                "a=candidate:1 1 udp 2130706431 10.1.2.3 10000 typ host generation 0");
        assertThat(audio).anyMatch(l -> l.startsWith("a=fingerprint:sha-256 0A:0A"));
        var video = section(sdp, 1);
        assertThat(video.getFirst()).isEqualTo("m=video 9 UDP/TLS/RTP/SAVPF 100 96");
        assertThat(video).contains("a=mid:1", "a=sendrecv", "a=rtpmap:100 VP8/90000", "a=rtcp-fb:100 nack pli",
                "a=rtpmap:96 rtx/90000", "a=fmtp:96 apt=100", "a=ssrc:12 cname:jvb")
                .noneMatch(l -> l.startsWith("a=candidate"));
    }

    @Test
    void everyRemoteSourceHasASendOnlySectionNamingItsEndpointAndAFreedOneIsInactive() {
        var layout = MediaLayout.empty()
                .with(Source.audio("p_b", 2001)).with(Source.video("p_b", 2002, 2003))
                .with(Source.audio("p_c", 3001)).with(Source.video("p_c", 3002, 3003))
                .without("p_b");
        String sdp = new BridgeOffer(42, 3, BRIDGE, FEEDBACK, layout).sdp();

        assertThat(lines(sdp)).contains("o=- 42 3 IN IP4 0.0.0.0", "a=group:BUNDLE 0 1 2 3 4 5");
        assertThat(section(sdp, 2)).contains("a=mid:2", "a=inactive").noneMatch(l -> l.startsWith("a=ssrc"));
        assertThat(section(sdp, 3)).contains("a=mid:3", "a=inactive");
        assertThat(section(sdp, 4)).contains("a=mid:4", "a=sendonly", "a=msid:p_c p_c-a0", "a=ssrc:3001 cname:p_c",
                "a=ssrc:3001 msid:p_c p_c-a0");
        assertThat(section(sdp, 5)).contains("a=sendonly", "a=msid:p_c p_c-v0", "a=ssrc-group:FID 3002 3003",
                "a=ssrc:3002 cname:p_c", "a=ssrc:3003 msid:p_c p_c-v0");

        var again = layout.with(Source.video("p_d", 4002, 4003));
        assertThat(again.sections()).as("a free video section is taken before a new one").isEqualTo(6);
        assertThat(section(new BridgeOffer(42, 4, BRIDGE, FEEDBACK, again).sdp(), 3)).contains("a=msid:p_d p_d-v0");
    }
}
