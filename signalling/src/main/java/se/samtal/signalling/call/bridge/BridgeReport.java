package se.samtal.signalling.call.bridge;

import se.samtal.signalling.media.Source;
import se.samtal.signalling.media.Transport;

import java.util.List;
import java.util.Map;

/** What the bridge adapter reports back to a call, each a change of its own. */
public sealed interface BridgeReport {
    long round();

    /** What the bridge gave one endpoint: its side of the transport (with the bridge channel) and its feedback sources. */
    record Place(long epoch, Transport transport, List<Source> feedback) {
        public Place {
            feedback = List.copyOf(feedback);
        }
    }

    /** Endpoints have their place on {@code bridgeId} in {@code meetingId}. */
    record Allocated(long round, String bridgeId, String meetingId, Map<String, Place> places) implements BridgeReport {
        public Allocated {
            places = Map.copyOf(places);
        }
    }

    /** No bridge can be had now; the adapter keeps trying and reports {@link Allocated} when one answers. */
    record Unavailable(long round, String reason) implements BridgeReport {
    }

    /** The conference's bridge stopped answering mid-call (or forgot the conference): it must move. */
    record Lost(long round, String bridgeId, String reason) implements BridgeReport {
    }
}
