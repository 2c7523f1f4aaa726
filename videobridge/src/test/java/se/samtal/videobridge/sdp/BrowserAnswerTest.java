package se.samtal.videobridge.sdp;

import org.junit.jupiter.api.Test;
import se.samtal.signalling.media.Source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A browser's answer read back into what the bridge needs: its transport and the sources it sends. */
class BrowserAnswerTest {
    /** An answer as Chromium writes it to a bridge offer with four sections (two remote sources). */
    static final String CHROMIUM = String.join("\r\n",
            "v=0",
            "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
            "s=-",
            "t=0 0",
            "a=group:BUNDLE 0 1 2 3",
            "a=extmap-allow-mixed",
            "a=msid-semantic: WMS 1c6d5bcb-5d3f-4a11-9b28-3bf1c2d0a1e2",
            "m=audio 54321 UDP/TLS/RTP/SAVPF 111",
            "c=IN IP4 192.168.1.20",
            "a=rtcp:9 IN IP4 0.0.0.0",
            "a=candidate:2430645185 1 udp 2122260223 192.168.1.20 54321 typ host generation 0 network-id 1",
            "a=candidate:3542302123 1 tcp 1518280447 192.168.1.20 9 typ host tcptype active generation 0 network-id 1",
            "a=ice-ufrag:Ab3x",
            "a=ice-pwd:k1Y3zqmPwGuIu2xL0cXzJ0lP",
            "a=ice-options:trickle",
            "a=fingerprint:sha-256 5C:" + "1D:".repeat(30) + "9F",
            "a=setup:active",
            "a=mid:0",
            "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
            "a=sendrecv",
            "a=msid:1c6d5bcb-5d3f-4a11-9b28-3bf1c2d0a1e2 7f0a5f44-1111-4b2a-8e0e-2c8d2c9b6a10",
            "a=rtcp-mux",
            "a=rtpmap:111 opus/48000/2",
            "a=fmtp:111 minptime=10;useinbandfec=1",
            "a=ssrc:1234567 cname:z9Sg0bVZ4c0lHKnB",
            "a=ssrc:1234567 msid:1c6d5bcb-5d3f-4a11-9b28-3bf1c2d0a1e2 7f0a5f44-1111-4b2a-8e0e-2c8d2c9b6a10",
            "m=video 9 UDP/TLS/RTP/SAVPF 100 96",
            "c=IN IP4 0.0.0.0",
            "a=ice-ufrag:Ab3x",
            "a=ice-pwd:k1Y3zqmPwGuIu2xL0cXzJ0lP",
            "a=fingerprint:sha-256 5C:" + "1D:".repeat(30) + "9F",
            "a=setup:active",
            "a=mid:1",
            "a=sendrecv",
            "a=rtcp-mux",
            "a=rtpmap:100 VP8/90000",
            "a=rtpmap:96 rtx/90000",
            "a=fmtp:96 apt=100",
            "a=ssrc-group:FID 2345678 3456789",
            "a=ssrc:2345678 cname:z9Sg0bVZ4c0lHKnB",
            "a=ssrc:3456789 cname:z9Sg0bVZ4c0lHKnB",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111",
            "a=mid:2",
            "a=recvonly",
            "m=video 9 UDP/TLS/RTP/SAVPF 100 96",
            "a=mid:3",
            "a=recvonly",
            "");

    @Test
    void itsTransportAndTheSourcesItSendsAreRead() {
        var answer = BrowserAnswer.read(CHROMIUM, "p_a", 4);

        assertThat(answer.transport().ufrag()).isEqualTo("Ab3x");
        assertThat(answer.transport().pwd()).isEqualTo("k1Y3zqmPwGuIu2xL0cXzJ0lP");
        assertThat(answer.transport().fingerprints()).singleElement().satisfies(fp -> {
            assertThat(fp.hash()).isEqualTo("sha-256");
            assertThat(fp.setup()).isEqualTo("active");
        });
        assertThat(answer.transport().candidates()).hasSize(2);
        assertThat(answer.transport().candidates().get(1).tcpType()).isEqualTo("active");
        assertThat(answer.audio()).isEqualTo(Source.audio("p_a", 1234567));
        assertThat(answer.video()).isEqualTo(Source.video("p_a", 2345678, 3456789));
    }

    @Test
    void aBrowserThatOnlyReceivesVideoSendsNoVideoSource() {
        String soundOnly = CHROMIUM.replaceFirst("a=mid:1\r\na=sendrecv", "a=mid:1\r\na=recvonly")
                .replaceAll("a=ssrc(-group:FID 2345678 3456789|:2345678 [^\r]*|:3456789 [^\r]*)\r\n", "");
        var answer = BrowserAnswer.read(soundOnly, "p_a", 4);
        assertThat(answer.video()).isNull();
        assertThat(answer.sources()).containsExactly(Source.audio("p_a", 1234567));
    }

    @Test
    void whatIsNotAnAnswerToTheOfferIsRefusedWithAReason() {
        assertThatThrownBy(() -> BrowserAnswer.read(CHROMIUM, "p_a", 6)).isInstanceOf(SdpException.class)
                .hasMessageContaining("4 media sections");
        assertThatThrownBy(() -> BrowserAnswer.read(CHROMIUM.replace("a=setup:active", "a=setup:actpass"), "p_a", 4))
                .isInstanceOf(SdpException.class).hasMessageContaining("DTLS role");
        assertThatThrownBy(() -> BrowserAnswer.read(CHROMIUM.replace("a=ice-pwd:k1Y3zqmPwGuIu2xL0cXzJ0lP", "a=ice-pwd:short"),
                "p_a", 4)).isInstanceOf(SdpException.class);
        assertThatThrownBy(() -> BrowserAnswer.read("hello", "p_a", 4)).isInstanceOf(SdpException.class);
        assertThatThrownBy(() -> BrowserAnswer.read(CHROMIUM.replace("a=ssrc:1234567 cname", "a=ssrc:x cname"), "p_a", 4))
                .isInstanceOf(SdpException.class);
    }
}
