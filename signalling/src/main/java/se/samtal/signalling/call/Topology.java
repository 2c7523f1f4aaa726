package se.samtal.signalling.call;

import java.util.Locale;

/** How media flows in a call: between two, between every two, or through a video bridge. */
public enum Topology {
    /** Two people, one peer connection between them (end-to-end DTLS-SRTP). */
    P2P,
    /** Three or more without a bridge: a peer connection between every two. */
    MESH,
    /** Three or more with a bridge: each browser has one connection, to the bridge. */
    BRIDGE;

    /** As the wire spells it. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
