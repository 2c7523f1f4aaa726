package se.samtal.videobridge.colibri;

import org.jitsi.xmpp.extensions.colibri2.Capability;
import org.jitsi.xmpp.extensions.colibri2.Colibri2Endpoint;
import org.jitsi.xmpp.extensions.colibri2.ConferenceModifiedIQ;
import org.jitsi.xmpp.extensions.colibri2.ConferenceModifyIQ;
import org.jitsi.xmpp.extensions.colibri2.Media;
import org.jitsi.xmpp.extensions.colibri2.Transport;
import se.samtal.videobridge.BridgeException;
import se.samtal.videobridge.BridgeException.Kind;
import se.samtal.signalling.media.Source;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One Colibri2 conference on one bridge, driven as Jicofo drives it: every request names the
 * conference by its meeting id and creates or changes exactly one endpoint (the bridge refuses
 * more); the first request creates the conference (with {@code create}, the meeting id and a
 * name, which the bridge wants to be a JID); an endpoint is created with samtal's media, an
 * ICE-controlling transport and the mandatory {@code source-names} capability; the browser's
 * answer reaches the bridge as its transport and its sources; leaving expires the endpoint, and
 * the end of the call the conference.
 *
 * <p>Holds no state of its own beyond the names: whether the conference exists yet is the
 * caller's to know ({@code create}), so any node of a cluster can carry on a conference another
 * node began. Every method blocks for one HTTP exchange.
 *
 * @param client    the bridge's REST API
 * @param meetingId the conference's id on the bridge: random, never derived from a person or a session
 */
public record BridgeConference(BridgeClient client, String meetingId) {
    public BridgeConference {
        Objects.requireNonNull(client);
        Objects.requireNonNull(meetingId);
    }

    /** A conference that does not exist yet, with a fresh random meeting id. */
    public static BridgeConference fresh(BridgeClient client) {
        return new BridgeConference(client, UUID.randomUUID().toString());
    }

    /** The conference's name on the bridge: a JID, as the bridge requires, made of the meeting id only. */
    public String name() {
        return meetingId + "@samtal";
    }

    /**
     * Creates an endpoint (and, with {@code createConference}, the conference): the bridge's side
     * of its transport and the bridge's feedback sources.
     *
     * @param endpoint an opaque id (samtal's participant id): the bridge puts it in the colibri-ws URL
     */
    public Allocation allocate(String endpoint, boolean createConference) {
        var request = request(createConference);
        var builder = Colibri2Endpoint.getBuilder();
        builder.setId(endpoint);
        builder.setCreate(true);
        builder.setTransport(Transport.getBuilder().setIceControlling(true).build());
        for (Media media : ColibriMapping.declaredMedia()) {
            builder.addMedia(media);
        }
        builder.addCapability(Capability.CAP_SOURCE_NAME_SUPPORT);
        request.addEndpoint(builder.build());
        ConferenceModifiedIQ answer = client.send(request.build());
        Colibri2Endpoint created = answer.getEndpoints().stream().filter(e -> endpoint.equals(e.getId())).findFirst()
                .orElseThrow(() -> new BridgeException(Kind.UNREACHABLE, "Bridge " + client.bridge().id()
                        + " created no endpoint."));
        if (created.getTransport() == null || created.getTransport().getIceUdpTransport() == null) {
            throw new BridgeException(Kind.UNREACHABLE, "Bridge " + client.bridge().id() + " gave the endpoint no transport.");
        }
        try {
            return new Allocation(ColibriMapping.fromColibri(created.getTransport().getIceUdpTransport()),
                    ColibriMapping.fromColibri(answer.getSources(), "jvb"));
        } catch (IllegalArgumentException e) {
            throw new BridgeException(Kind.UNREACHABLE, "Bridge " + client.bridge().id() + " gave an unusable transport ("
                    + e.getMessage() + ").", e);
        }
    }

    /**
     * Tells the bridge an endpoint's side: its transport (from its answer, with the candidates it
     * trickled since) and the sources it sends (empty: it sends none now).
     */
    public void update(String endpoint, se.samtal.signalling.media.Transport transport, List<Source> sources) {
        var request = request(false);
        var builder = Colibri2Endpoint.getBuilder();
        builder.setId(endpoint);
        if (transport != null) {
            builder.setTransport(Transport.getBuilder().setIceUdpExtension(ColibriMapping.toColibri(transport)).build());
        }
        if (sources != null) {
            builder.setSources(ColibriMapping.toColibri(sources));
        }
        request.addEndpoint(builder.build());
        client.send(request.build());
    }

    /** Takes an endpoint out of the conference (the bridge ends the conference when the last one goes). */
    public void expire(String endpoint) {
        var request = request(false);
        var builder = Colibri2Endpoint.getBuilder();
        builder.setId(endpoint);
        builder.setExpire(true);
        request.addEndpoint(builder.build());
        client.send(request.build());
    }

    /** Ends the conference. */
    public void expire() {
        client.send(request(false).setExpire(true).build());
    }

    private ConferenceModifyIQ.Builder request(boolean create) {
        var request = ConferenceModifyIQ.builder(UUID.randomUUID().toString()).setMeetingId(meetingId);
        if (create) {
            request.setCreate(true).setConferenceName(name());
        }
        return request;
    }
}
