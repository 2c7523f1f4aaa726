package se.samtal.loadtest.peer;

/**
 * What a browser would send in a call's signalling, for load: a session description of a
 * browser's size (audio and video, bundle, a dozen codecs) and host/srflx ICE candidates. Not a
 * valid WebRTC negotiation: samtal relays signalling without reading it.
 */
public final class WebRtcSamples {
    /** A synthetic offer or answer SDP, about two kilobytes. */
    public static final String SDP = sdp();

    private WebRtcSamples() {
    }

    /** The {@code n}th ICE candidate line of a peer (an empty line ends the candidates). */
    public static String candidate(int n) {
        return "candidate:" + (842163049 + n) + " 1 udp 1677729535 192.0.2." + (10 + n) + " 4615" + n
                + " typ srflx raddr 10.0.0." + (5 + n) + " rport 4615" + n + " generation 0 ufrag EsAw network-cost 999";
    }

    /**
     * What a browser answers to a bridge offer samtal wrote: as many sections, audio and video
     * first and sending ({@code audioSsrc}, {@code videoSsrc} with its RTX pair), the others
     * receive-only, a DTLS role taken ({@code active}) and a host candidate — enough for samtal to
     * read it as a browser's answer.
     */
    public static String bridgeAnswer(String offer, long audioSsrc, long videoSsrc) {
        int sections = offer.split("\r\nm=").length - 1;
        var sdp = new StringBuilder("v=0\r\no=- 7 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
        var group = new StringBuilder("a=group:BUNDLE");
        for (int i = 0; i < sections; i++) {
            group.append(' ').append(i);
        }
        sdp.append(group).append("\r\n");
        for (int i = 0; i < sections; i++) {
            boolean audio = offer.split("\r\nm=")[i + 1].startsWith("audio");
            sdp.append(audio ? "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n" : "m=video 9 UDP/TLS/RTP/SAVPF 100 96\r\n")
                    .append("c=IN IP4 0.0.0.0\r\na=ice-ufrag:EsAw\r\na=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y\r\n")
                    .append("a=fingerprint:sha-256 DA:7B:57:DC:28:CE:04:4F:31:79:85:C4:31:67:EB:27:58:29:ED:77:2A:0D:24:AE:ED:AD:30:BC:BD:F1:9C:02\r\n")
                    .append("a=setup:active\r\na=mid:").append(i).append("\r\n");
            if (i == 0) {
                sdp.append("a=candidate:1 1 udp 2122260223 192.0.2.10 40000 typ host generation 0\r\n");
                sdp.append("a=sendrecv\r\na=ssrc:").append(audioSsrc).append(" cname:load\r\n");
            } else if (i == 1) {
                sdp.append("a=sendrecv\r\na=ssrc-group:FID ").append(videoSsrc).append(' ').append(videoSsrc + 1)
                        .append("\r\na=ssrc:").append(videoSsrc).append(" cname:load\r\na=ssrc:").append(videoSsrc + 1)
                        .append(" cname:load\r\n");
            } else {
                sdp.append("a=recvonly\r\n");
            }
        }
        return sdp.toString();
    }

    private static String sdp() {
        var sdp = new StringBuilder("v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                + "a=group:BUNDLE 0 1\r\na=extmap-allow-mixed\r\na=msid-semantic: WMS\r\n");
        for (String media : new String[]{"audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126", "video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 104"}) {
            sdp.append("m=").append(media).append("\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\na=ice-ufrag:EsAw\r\n")
                    .append("a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y\r\na=ice-options:trickle\r\n")
                    .append("a=fingerprint:sha-256 DA:7B:57:DC:28:CE:04:4F:31:79:85:C4:31:67:EB:27:58:29:ED:77:2A:0D:24:AE:ED:AD:30:BC:BD:F1:9C:02\r\n")
                    .append("a=setup:actpass\r\na=sendrecv\r\na=rtcp-mux\r\na=rtcp-rsize\r\n");
            for (int pt = 0; pt < 8; pt++) {
                sdp.append("a=rtpmap:").append(96 + pt).append(" VP8/90000\r\na=rtcp-fb:").append(96 + pt).append(" nack pli\r\n");
            }
        }
        return sdp.toString();
    }
}
