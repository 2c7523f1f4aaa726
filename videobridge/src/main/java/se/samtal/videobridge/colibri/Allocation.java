package se.samtal.videobridge.colibri;

import se.samtal.signalling.media.Source;
import se.samtal.signalling.media.Transport;

import java.util.List;

/**
 * What the bridge gave an endpoint it created: its side of the transport (with the colibri-ws URL
 * of the endpoint's bridge channel) and the bridge's own feedback sources.
 */
public record Allocation(Transport transport, List<Source> feedback) {
    public Allocation {
        feedback = List.copyOf(feedback);
    }
}
