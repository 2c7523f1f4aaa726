package se.samtal.signalling.call.bridge;

import se.samtal.signalling.media.Source;
import se.samtal.signalling.media.Transport;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a call asks of the video bridge. Every command names the conference's {@code round}: a new
 * conference (the first of a call, or one moved to another bridge) is a new round, and work for
 * an older round is dropped. The bridge adapter carries commands out in order, per session.
 */
public sealed interface BridgeCommand {
    long round();

    /**
     * Give these endpoints a place on a bridge: on {@code bridgeId} (null: choose one, never one of
     * {@code avoid}), in the conference {@code meetingId}, creating it first if {@code create}.
     * Keeps trying (another bridge, then every 10 s) while no bridge can be had.
     *
     * @param endpoints participant id → the epoch of their connection the place is for
     */
    record Allocate(long round, String bridgeId, Set<String> avoid, String meetingId, boolean create,
                    Map<String, Long> endpoints) implements BridgeCommand {
        public Allocate {
            avoid = Set.copyOf(avoid);
            endpoints = Map.copyOf(endpoints);
        }
    }

    /** The endpoint's side: its transport (null: unchanged) and the sources it sends (null: unchanged). */
    record Update(long round, String bridgeId, String meetingId, String endpoint, Transport transport,
                  List<Source> sources) implements BridgeCommand {
        public Update {
            sources = sources == null ? null : List.copyOf(sources);
        }
    }

    /** The endpoint leaves the conference. */
    record Expire(long round, String bridgeId, String meetingId, String endpoint) implements BridgeCommand {
    }

    /** The conference ends (the call is back to two, or over, or the round is stale). */
    record End(long round, String bridgeId, String meetingId) implements BridgeCommand {
    }
}
