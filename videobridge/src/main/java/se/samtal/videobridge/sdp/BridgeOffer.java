package se.samtal.videobridge.sdp;

import se.samtal.videobridge.media.Codec;
import se.samtal.signalling.media.DtlsFingerprint;
import se.samtal.videobridge.media.HeaderExtension;
import se.samtal.signalling.media.Candidate;
import se.samtal.signalling.media.MediaKind;
import se.samtal.signalling.media.MediaLayout;
import se.samtal.videobridge.media.MediaProfile;
import se.samtal.signalling.media.Source;
import se.samtal.signalling.media.Transport;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * The SDP offer samtal writes for one browser in a bridged call (JSEP, RFC 8829; unified plan),
 * from what the bridge answered and where everyone's sources are: one BUNDLE group; sections 0
 * and 1 carry the browser's own audio and video both ways, with the bridge's feedback sources;
 * then one send-only section per source of the others (its SSRCs, its RTX pair in an {@code FID}
 * group, and {@code msid} naming the endpoint as the stream, so the page knows whose it is); free
 * sections are inactive. Every section has the bridge's ICE credentials and fingerprint
 * ({@code setup:actpass}); its candidates are in the first. The bridge is ICE-controlling.
 *
 * <p>There is no SDP library on the JVM made for WebRTC's dialect (BUNDLE, msid, ssrc-group,
 * extmap); this class writes exactly the few attributes a browser needs and nothing else, and
 * every offer it writes is checked against real Chromium by the server's browser tests.
 *
 * @param sessionId the {@code o=} line's session id (stays the same for one connection)
 * @param version   the {@code o=} line's version: one more for every new offer on a connection
 * @param bridge    the bridge's side of the endpoint's transport
 * @param feedback  the bridge's own sources ({@code jvb-a0}, {@code jvb-v0}), sent in sections 0 and 1
 * @param layout    the others' sources, section by section
 */
public record BridgeOffer(long sessionId, long version, Transport bridge, List<Source> feedback, MediaLayout layout) {
    private static final String CRLF = "\r\n";

    public BridgeOffer {
        Objects.requireNonNull(bridge);
        Objects.requireNonNull(layout);
        feedback = List.copyOf(feedback);
        if (sessionId < 0 || version < 0) {
            throw new IllegalArgumentException("o= line numbers are non-negative");
        }
    }

    /** The offer's SDP text. */
    public String sdp() {
        var out = new StringBuilder(2048 + 1024 * layout.sections());
        line(out, "v=0");
        line(out, "o=- " + sessionId + " " + version + " IN IP4 0.0.0.0");
        line(out, "s=-");
        line(out, "t=0 0");
        var mids = new StringJoiner(" ", "a=group:BUNDLE ", "");
        for (int i = 0; i < layout.sections(); i++) {
            mids.add(Integer.toString(i));
        }
        line(out, mids.toString());
        line(out, "a=msid-semantic: WMS *");
        section(out, 0, MediaKind.AUDIO, "sendrecv", feedbackOf(MediaKind.AUDIO));
        section(out, 1, MediaKind.VIDEO, "sendrecv", feedbackOf(MediaKind.VIDEO));
        for (int i = 0; i < layout.remote().size(); i++) {
            Source source = layout.remote().get(i);
            section(out, MediaLayout.OWN_SECTIONS + i, layout.kinds().get(i), source == null ? "inactive" : "sendonly", source);
        }
        return out.toString();
    }

    private Source feedbackOf(MediaKind kind) {
        return feedback.stream().filter(s -> s.kind() == kind).findFirst().orElse(null);
    }

    private void section(StringBuilder out, int mid, MediaKind kind, String direction, Source source) {
        List<Codec> codecs = MediaProfile.codecs(kind);
        var payloadTypes = new StringJoiner(" ");
        codecs.forEach(c -> payloadTypes.add(Integer.toString(c.payloadType())));
        line(out, "m=" + kind.sdpName() + " 9 UDP/TLS/RTP/SAVPF " + payloadTypes);
        line(out, "c=IN IP4 0.0.0.0");
        line(out, "a=rtcp:9 IN IP4 0.0.0.0");
        line(out, "a=ice-ufrag:" + bridge.ufrag());
        line(out, "a=ice-pwd:" + bridge.pwd());
        for (DtlsFingerprint fingerprint : bridge.fingerprints()) {
            line(out, "a=fingerprint:" + fingerprint.hash() + " " + fingerprint.value());
        }
        line(out, "a=setup:actpass");
        line(out, "a=mid:" + mid);
        for (HeaderExtension extension : MediaProfile.headerExtensions(kind)) {
            line(out, "a=extmap:" + extension.id() + " " + extension.uri());
        }
        line(out, "a=" + direction);
        if (source != null && mid >= MediaLayout.OWN_SECTIONS) {
            line(out, "a=msid:" + source.owner() + " " + source.name());
        }
        line(out, "a=rtcp-mux");
        line(out, "a=rtcp-rsize");
        for (Codec codec : codecs) {
            line(out, "a=rtpmap:" + codec.payloadType() + " " + codec.name() + "/" + codec.clockRate()
                    + (codec.channels() > 1 ? "/" + codec.channels() : ""));
            for (String feedbackType : codec.feedback()) {
                line(out, "a=rtcp-fb:" + codec.payloadType() + " " + feedbackType);
            }
            if (!codec.parameters().isEmpty()) {
                var parameters = new StringJoiner(";");
                for (Map.Entry<String, String> p : codec.parameters().entrySet()) {
                    parameters.add(p.getKey() + "=" + p.getValue());
                }
                line(out, "a=fmtp:" + codec.payloadType() + " " + parameters);
            }
        }
        if (source != null) {
            if (source.rtx() != 0) {
                line(out, "a=ssrc-group:FID " + source.ssrc() + " " + source.rtx());
            }
            ssrc(out, source, source.ssrc());
            if (source.rtx() != 0) {
                ssrc(out, source, source.rtx());
            }
        }
        if (mid == 0) {
            for (Candidate candidate : bridge.candidates()) {
                line(out, "a=" + candidate.toSdp());
            }
        }
    }

    private static void ssrc(StringBuilder out, Source source, long ssrc) {
        line(out, "a=ssrc:" + ssrc + " cname:" + source.owner());
        line(out, "a=ssrc:" + ssrc + " msid:" + source.owner() + " " + source.name());
    }

    private static void line(StringBuilder out, String line) {
        out.append(line).append(CRLF);
    }
}
