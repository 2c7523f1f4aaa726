package se.samtal.signalling.feed;

/**
 * Which connection holds a participant's place: the node it is on and its connection id. This is
 * the routing of cluster mode (a session's state says where each participant's socket is);
 * embedded, the node is always this one.
 */
public record LinkRef(String node, String connection) {
}
