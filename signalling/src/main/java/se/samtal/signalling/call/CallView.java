package se.samtal.signalling.call;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * One participant's picture of the call: how media flows, who is in it, and the connections they
 * keep — a peer connection per link (p2p, mesh), or one to the bridge.
 *
 * @param topology p2p, mesh or bridge
 * @param members  everyone in the call, the participant too, in the order they came in
 * @param links    their peer connections (p2p, mesh); empty through the bridge
 * @param bridge   their connection to the bridge (bridge), else null
 */
public record CallView(Topology topology, List<String> members, List<Pairing> links, BridgeLink bridge) {
    public CallView {
        members = List.copyOf(members);
        links = List.copyOf(links);
    }

    /** Where a participant's connection to the bridge stands. */
    public enum BridgeState {
        /** samtal is setting the conference up: no offer yet. */
        CONNECTING,
        /** The bridge has the participant: an offer follows or has come. */
        READY,
        /** No bridge can be had just now; samtal keeps trying. */
        UNAVAILABLE;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param epoch   numbers the connection: a new one asks for a new RTCPeerConnection
     * @param state   connecting, ready or unavailable
     * @param channel the participant's bridge channel (colibri-ws) once ready, else null
     */
    public record BridgeLink(long epoch, BridgeState state, URI channel) {
    }
}
