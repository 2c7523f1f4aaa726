package se.samtal.videobridge.colibri;

import org.jitsi.utils.MediaType;
import org.jitsi.xmpp.extensions.colibri.SourcePacketExtension;
import org.jitsi.xmpp.extensions.colibri.WebSocketPacketExtension;
import org.jitsi.xmpp.extensions.colibri2.Media;
import org.jitsi.xmpp.extensions.colibri2.MediaSource;
import org.jitsi.xmpp.extensions.colibri2.Sources;
import org.jitsi.xmpp.extensions.jingle.CandidatePacketExtension;
import org.jitsi.xmpp.extensions.jingle.CandidateType;
import org.jitsi.xmpp.extensions.jingle.DtlsFingerprintPacketExtension;
import org.jitsi.xmpp.extensions.jingle.IceUdpTransportPacketExtension;
import org.jitsi.xmpp.extensions.jingle.ParameterPacketExtension;
import org.jitsi.xmpp.extensions.jingle.PayloadTypePacketExtension;
import org.jitsi.xmpp.extensions.jingle.RTPHdrExtPacketExtension;
import org.jitsi.xmpp.extensions.jingle.RtcpFbPacketExtension;
import org.jitsi.xmpp.extensions.jingle.IceRtcpmuxPacketExtension;
import org.jitsi.xmpp.extensions.jingle.SourceGroupPacketExtension;
import org.jitsi.xmpp.extensions.jingle.UdpCandidatePacketExtension;
import se.samtal.videobridge.media.Codec;
import se.samtal.signalling.media.DtlsFingerprint;
import se.samtal.videobridge.media.HeaderExtension;
import se.samtal.signalling.media.Candidate;
import se.samtal.signalling.media.MediaKind;
import se.samtal.videobridge.media.MediaProfile;
import se.samtal.signalling.media.Source;
import se.samtal.signalling.media.Transport;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * samtal's media values in Jitsi's Colibri2 model (jitsi-xmpp-extensions) and back: transports,
 * candidates, fingerprints, sources with their {@code FID} groups, and the media (payload types,
 * header extensions) every endpoint is declared with ({@link MediaProfile}).
 */
public final class ColibriMapping {
    private ColibriMapping() {
    }

    /** The media an endpoint is created with: samtal's one profile for audio and video. */
    public static List<Media> declaredMedia() {
        var medias = new ArrayList<Media>(2);
        for (MediaKind kind : MediaKind.values()) {
            var media = Media.getBuilder().setType(mediaType(kind));
            for (Codec codec : MediaProfile.codecs(kind)) {
                var payloadType = new PayloadTypePacketExtension();
                payloadType.setId(codec.payloadType());
                payloadType.setName(codec.name());
                payloadType.setClockrate(codec.clockRate());
                if (codec.channels() > 1) {
                    payloadType.setChannels(codec.channels());
                }
                for (Map.Entry<String, String> parameter : codec.parameters().entrySet()) {
                    payloadType.addParameter(new ParameterPacketExtension(parameter.getKey(), parameter.getValue()));
                }
                for (String feedback : codec.feedback()) {
                    var fb = new RtcpFbPacketExtension();
                    String[] parts = feedback.split(" ", 2);
                    fb.setFeedbackType(parts[0]);
                    if (parts.length > 1) {
                        fb.setFeedbackSubtype(parts[1]);
                    }
                    payloadType.addRtcpFeedbackType(fb);
                }
                media.addPayloadType(payloadType);
            }
            for (HeaderExtension extension : MediaProfile.headerExtensions(kind)) {
                var ext = new RTPHdrExtPacketExtension();
                ext.setID(Integer.toString(extension.id()));
                ext.setURI(URI.create(extension.uri()));
                media.addRtpHdrExt(ext);
            }
            medias.add(media.build());
        }
        return medias;
    }

    /** A transport as Colibri2's {@code transport.transport} (ICE-UDP with fingerprints and candidates). */
    public static IceUdpTransportPacketExtension toColibri(Transport transport) {
        var ice = new IceUdpTransportPacketExtension();
        ice.setUfrag(transport.ufrag());
        ice.setPassword(transport.pwd());
        ice.addChildExtension(new IceRtcpmuxPacketExtension());
        for (DtlsFingerprint fingerprint : transport.fingerprints()) {
            var fp = new DtlsFingerprintPacketExtension();
            fp.setHash(fingerprint.hash());
            fp.setFingerprint(fingerprint.value());
            fp.setSetup(fingerprint.setup());
            ice.addChildExtension(fp);
        }
        int id = 0;
        for (Candidate candidate : transport.candidates()) {
            ice.addCandidate(toColibri(candidate, id++));
        }
        if (transport.bridgeChannel() != null) {
            ice.addChildExtension(new WebSocketPacketExtension(transport.bridgeChannel().toString()));
        }
        return ice;
    }

    private static CandidatePacketExtension toColibri(Candidate candidate, int index) {
        var c = new UdpCandidatePacketExtension();
        c.setFoundation(candidate.foundation());
        c.setComponent(candidate.component());
        c.setProtocol(candidate.protocol());
        c.setPriority(candidate.priority());
        c.setIP(candidate.address());
        c.setPort(candidate.port());
        c.setType(CandidateType.valueOf(candidate.type()));
        c.setGeneration(0);
        c.setNetwork(0);
        c.setID("c" + index);
        if (candidate.relatedAddress() != null) {
            c.setRelAddr(candidate.relatedAddress());
            c.setRelPort(candidate.relatedPort());
        }
        if (candidate.tcpType() != null) {
            c.setTcpType(candidate.tcpType());
        }
        return c;
    }

    /**
     * The bridge's side of a transport, as the bridge described it.
     *
     * @throws IllegalArgumentException if it lacks what a browser needs (credentials, a fingerprint)
     */
    public static Transport fromColibri(IceUdpTransportPacketExtension ice) {
        var fingerprints = ice.getChildExtensionsOfType(DtlsFingerprintPacketExtension.class).stream()
                .map(fp -> new DtlsFingerprint(fp.getHash(), fp.getFingerprint(), fp.getSetup() == null ? "actpass" : fp.getSetup()))
                .toList();
        var candidates = new ArrayList<Candidate>();
        for (CandidatePacketExtension c : ice.getCandidateList()) {
            candidates.add(new Candidate(c.getFoundation(), c.getComponent(), c.getProtocol(),
                    Integer.toUnsignedLong(c.getPriority()), c.getIP(), c.getPort(), c.getType().toString(),
                    c.getRelAddr(), c.getRelAddr() == null ? 0 : c.getRelPort(), c.getTcpType()));
        }
        URI channel = ice.getChildExtensionsOfType(WebSocketPacketExtension.class).stream()
                .map(WebSocketPacketExtension::getUrl).filter(u -> u != null && !u.isBlank()).map(URI::create)
                .findFirst().orElse(null);
        return new Transport(ice.getUfrag(), ice.getPassword(), fingerprints, candidates, channel);
    }

    /** An endpoint's sources as Colibri2 {@code sources}: one media source per source, RTX in an {@code FID} group. */
    public static Sources toColibri(List<Source> sources) {
        var builder = Sources.getBuilder();
        for (Source source : sources) {
            var media = MediaSource.getBuilder().setType(mediaType(source.kind())).setId(source.name());
            var primary = new SourcePacketExtension();
            primary.setSSRC(source.ssrc());
            primary.setName(source.name());
            media.addSource(primary);
            if (source.rtx() != 0) {
                var rtx = new SourcePacketExtension();
                rtx.setSSRC(source.rtx());
                rtx.setName(source.name());
                media.addSource(rtx);
                var group = new SourceGroupPacketExtension();
                group.setSemantics(SourceGroupPacketExtension.SEMANTICS_FID);
                var a = new SourcePacketExtension();
                a.setSSRC(source.ssrc());
                var b = new SourcePacketExtension();
                b.setSSRC(source.rtx());
                group.addSources(List.of(a, b));
                media.addSsrcGroup(group);
            }
            builder.addMediaSource(media.build());
        }
        return builder.build();
    }

    /** Sources as Colibri2 describes them ({@code owner} names their endpoint; the bridge's own are {@code jvb}). */
    public static List<Source> fromColibri(Sources sources, String owner) {
        var result = new ArrayList<Source>();
        if (sources == null) {
            return result;
        }
        for (MediaSource media : sources.getMediaSources()) {
            if (media.getSources().isEmpty()) {
                continue;
            }
            MediaKind kind = media.getType() == MediaType.AUDIO ? MediaKind.AUDIO : MediaKind.VIDEO;
            long ssrc = media.getSources().getFirst().getSSRC();
            long rtx = 0;
            for (SourceGroupPacketExtension group : media.getSsrcGroups()) {
                if (SourceGroupPacketExtension.SEMANTICS_FID.equalsIgnoreCase(group.getSemantics()) && group.getSources().size() == 2) {
                    ssrc = group.getSources().get(0).getSSRC();
                    rtx = group.getSources().get(1).getSSRC();
                }
            }
            result.add(new Source(owner, media.getId(), kind, ssrc, rtx));
        }
        return result;
    }

    static MediaType mediaType(MediaKind kind) {
        return kind == MediaKind.AUDIO ? MediaType.AUDIO : MediaType.VIDEO;
    }
}
