package se.samtal.videobridge.testing;

import io.netty.pkitesting.CertificateBuilder;
import org.jitsi.utils.MediaType;
import org.jitsi.xmpp.extensions.colibri.SourcePacketExtension;
import org.jitsi.xmpp.extensions.colibri.WebSocketPacketExtension;
import org.jitsi.xmpp.extensions.colibri2.Capability;
import org.jitsi.xmpp.extensions.colibri2.Colibri2Endpoint;
import org.jitsi.xmpp.extensions.colibri2.ConferenceModifiedIQ;
import org.jitsi.xmpp.extensions.colibri2.ConferenceModifyIQ;
import org.jitsi.xmpp.extensions.colibri2.MediaSource;
import org.jitsi.xmpp.extensions.colibri2.Sources;
import org.jitsi.xmpp.extensions.colibri2.Transport;
import org.jitsi.xmpp.extensions.jingle.CandidateType;
import org.jitsi.xmpp.extensions.jingle.DtlsFingerprintPacketExtension;
import org.jitsi.xmpp.extensions.jingle.IceRtcpmuxPacketExtension;
import org.jitsi.xmpp.extensions.jingle.IceUdpTransportPacketExtension;
import org.jitsi.xmpp.extensions.jingle.UdpCandidatePacketExtension;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import se.samtal.videobridge.colibri.ColibriMapping;
import se.samtal.signalling.media.Source;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bridge double's Colibri2 rules, the real bridge's as read in its sources
 * ({@code Videobridge.handleConferenceModifyIq}, {@code Colibri2ConferenceHandler}): what it
 * refuses, what it keeps and what it answers. Thread-safe: one request at a time.
 */
public final class ColibriRules {
    /** The real bridge's default single UDP port for media. */
    static final int MEDIA_PORT = 10000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ICE_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";

    /** An endpoint as the bridge keeps it. */
    public record Endpoint(String id, String ufrag, String pwd, IceUdpTransportPacketExtension remoteTransport,
                           List<Source> sources, boolean mediaDeclared) {
    }

    /** A conference as the bridge keeps it. */
    public record Conference(String meetingId, String name, Map<String, Endpoint> endpoints, long audioSsrc, long videoSsrc) {
    }

    sealed interface Outcome permits Answered, Refused {
    }

    record Answered(ConferenceModifiedIQ answer, List<String> expiredEndpoints) implements Outcome {
    }

    record Refused(String reason) implements Outcome {
    }

    interface ChannelUrls {
        URI url(String meetingId, String endpoint, String pwd);
    }

    private final String bridgeId;
    private final ChannelUrls channelUrls;
    private final String fingerprint;
    private final String hostAddress;
    private final Map<String, Conference> conferences = new ConcurrentHashMap<>();
    // (a conference's endpoint map is immutable; every change puts a new Conference)

    ColibriRules(String bridgeId, ChannelUrls channelUrls) {
        this.bridgeId = bridgeId;
        this.channelUrls = channelUrls;
        this.fingerprint = certificateFingerprint();
        this.hostAddress = hostAddress();
    }

    Map<String, Conference> conferences() {
        return Collections.unmodifiableMap(conferences);
    }

    int participants() {
        return conferences.values().stream().mapToInt(c -> c.endpoints().size()).sum();
    }

    void forgetAll() {
        conferences.clear();
    }

    boolean channelPasswordMatches(String endpoint, String pwd) {
        return conferences.values().stream().map(c -> c.endpoints().get(endpoint))
                .anyMatch(e -> e != null && e.pwd().equals(pwd));
    }

    synchronized Outcome handle(ConferenceModifyIQ request) {
        String meetingId = request.getMeetingId();
        if (meetingId == null || meetingId.isBlank()) {
            return new Refused("no meeting-id");
        }
        Conference conference = conferences.get(meetingId);
        if (request.getCreate()) {
            if (conference != null) {
                return new Refused("Conference already exists for ID: " + meetingId);
            }
            String name = request.getConferenceName();
            if (name != null) {
                try {
                    JidCreate.entityBareFrom(name);
                } catch (XmppStringprepException | IllegalArgumentException e) {
                    return new Refused("Invalid conference name (not a JID)");
                }
            }
            // The real bridge creates the conference before it looks at the endpoints: a create
            // refused for an endpoint leaves an empty conference behind.
            conference = new Conference(meetingId, name, Map.of(), ssrc(), ssrc());
            conferences.put(meetingId, conference);
        } else if (conference == null) {
            return new Refused("Conference not found for ID: " + meetingId);
        }
        // validateRequest: one endpoint per request when anything of it is created or changed.
        if (request.getEndpoints().size() > 1 && request.getEndpoints().stream()
                .anyMatch(e -> e.getCreate() || !e.getMedia().isEmpty() || e.getTransport() != null || e.getSources() != null)) {
            return new Refused("Creating or updating media, sources or transport for more than one endpoint in a request.");
        }
        if (!request.getRelays().isEmpty()) {
            return new Refused("Octo is disabled in configuration.");
        }
        var endpoints = new LinkedHashMap<String, Endpoint>(conference.endpoints());
        var answer = ConferenceModifiedIQ.builder(ConferenceModifiedIQ.Builder.createResponse(request));
        var expired = new ArrayList<String>();
        for (Colibri2Endpoint e : request.getEndpoints()) {
            var respond = Colibri2Endpoint.getBuilder();
            respond.setId(e.getId());
            if (e.getExpire()) {
                endpoints.remove(e.getId());
                expired.add(e.getId());
                respond.setExpire(true);
                answer.addEndpoint(respond.build());
                continue;
            }
            Endpoint endpoint = endpoints.get(e.getId());
            if (e.getCreate()) {
                if (endpoint != null) {
                    return new Refused("Endpoint with ID " + e.getId() + " already exists");
                }
                if (e.getTransport() == null) {
                    return new Refused("Attempt to create endpoint " + e.getId() + " with no <transport>");
                }
                if (!e.hasCapability(Capability.CAP_SOURCE_NAME_SUPPORT)) {
                    return new Refused("Source name support is mandatory.");
                }
                if (!e.getTransport().getIceControlling()) {
                    return new Refused("samtal's double only knows ICE-controlling endpoints, as Jicofo creates them");
                }
                endpoint = new Endpoint(e.getId(), random(8), random(24), null, List.of(), !e.getMedia().isEmpty());
            } else if (endpoint == null) {
                return new Refused("Endpoint not found for ID: " + e.getId());
            }
            Transport transport = e.getTransport();
            if (transport != null && transport.getIceUdpTransport() != null) {
                IceUdpTransportPacketExtension ice = transport.getIceUdpTransport();
                if (ice.getUfrag() == null || ice.getPassword() == null
                        || ice.getChildExtensionsOfType(DtlsFingerprintPacketExtension.class).isEmpty()) {
                    return new Refused("bad-request: a transport without ICE credentials or a DTLS fingerprint");
                }
                endpoint = new Endpoint(endpoint.id(), endpoint.ufrag(), endpoint.pwd(), ice, endpoint.sources(), endpoint.mediaDeclared());
            }
            if (e.getSources() != null) {
                endpoint = new Endpoint(endpoint.id(), endpoint.ufrag(), endpoint.pwd(), endpoint.remoteTransport(),
                        ColibriMapping.fromColibri(e.getSources(), endpoint.id()), endpoint.mediaDeclared());
            }
            endpoints.put(endpoint.id(), endpoint);
            if (e.getCreate()) {
                respond.setTransport(Transport.getBuilder().setIceUdpExtension(transportOf(meetingId, endpoint)).build());
            }
            answer.addEndpoint(respond.build());
        }
        if (request.getCreate() || request.getEndpoints().stream().anyMatch(Colibri2Endpoint::getCreate)) {
            answer.setSources(feedbackSources(conference));
        }
        boolean expire = request.getExpire() || (!request.getCreate() && endpoints.isEmpty());
        if (expire) {
            conferences.remove(meetingId);
            expired.addAll(endpoints.keySet());
        } else {
            conferences.put(meetingId, new Conference(meetingId, conference.name(), Collections.unmodifiableMap(endpoints),
                    conference.audioSsrc(), conference.videoSsrc()));
        }
        return new Answered(answer.build(), expired);
    }

    private IceUdpTransportPacketExtension transportOf(String meetingId, Endpoint endpoint) {
        var ice = new IceUdpTransportPacketExtension();
        ice.setUfrag(endpoint.ufrag());
        ice.setPassword(endpoint.pwd());
        ice.addChildExtension(new IceRtcpmuxPacketExtension());
        var fp = new DtlsFingerprintPacketExtension();
        fp.setHash("sha-256");
        fp.setFingerprint(fingerprint);
        fp.setSetup("actpass");
        ice.addChildExtension(fp);
        var candidate = new UdpCandidatePacketExtension();
        candidate.setFoundation("1");
        candidate.setComponent(1);
        candidate.setProtocol("udp");
        candidate.setPriority(2130706431L);
        candidate.setIP(hostAddress);
        candidate.setPort(MEDIA_PORT);
        candidate.setType(CandidateType.host);
        candidate.setGeneration(0);
        candidate.setNetwork(0);
        candidate.setID(random(16));
        ice.addCandidate(candidate);
        ice.addChildExtension(new WebSocketPacketExtension(channelUrls.url(meetingId, endpoint.id(), endpoint.pwd()).toString()));
        return ice;
    }

    private static Sources feedbackSources(Conference conference) {
        return Sources.getBuilder()
                .addMediaSource(feedback(MediaType.AUDIO, "jvb-a0", conference.audioSsrc()))
                .addMediaSource(feedback(MediaType.VIDEO, "jvb-v0", conference.videoSsrc()))
                .build();
    }

    private static MediaSource feedback(MediaType type, String name, long ssrc) {
        var source = new SourcePacketExtension();
        source.setSSRC(ssrc);
        source.setName(name);
        return MediaSource.getBuilder().setType(type).setId(name).addSource(source).build();
    }

    /** The SHA-256 fingerprint of a certificate made for this bridge, as the bridge's DTLS stack has one. */
    private static String certificateFingerprint() {
        try {
            var certificate = new CertificateBuilder().subject("CN=jvb").ecp256().setIsCertificateAuthority(true)
                    .buildSelfSigned().getCertificate();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("could not make a certificate", e);
        }
    }

    /** A non-loopback IPv4 address of this machine, as the bridge offers (TEST-NET-1 if it has none). */
    private static String hostAddress() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                        return address.getHostAddress();
                    }
                }
            }
        } catch (SocketException ignored) {
            // no interfaces to list
        }
        return "192.0.2.10";
    }

    private static long ssrc() {
        return 1 + (RANDOM.nextLong() & 0x7FFF_FFFEL);
    }

    private static String random(int length) {
        var b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(ICE_CHARS.charAt(RANDOM.nextInt(ICE_CHARS.length())));
        }
        return b.toString();
    }
}
