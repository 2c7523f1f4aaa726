package se.samtal.videobridge.select;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.videobridge.Videobridge;
import se.samtal.videobridge.colibri.BridgeClient;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Which bridge a call goes to: a healthy one (its {@code /about/health} answered 200 at the last
 * check and no request to it has failed since), in the preferred region if there is one there,
 * the least loaded by its {@code stress_level} divided by its weight. {@link #refresh()} checks
 * every bridge (blocking; the server runs it on a schedule); {@link #failed} takes a bridge out at
 * once when a request to it fails, until a check finds it healthy again.
 */
public final class BridgeSelector {
    private static final Logger log = LoggerFactory.getLogger(BridgeSelector.class);

    /** What the selector knows of one bridge. */
    public record BridgeState(BridgeClient client, boolean healthy, double stress) {
        double load() {
            return stress / client.bridge().weight();
        }
    }

    private final Map<String, BridgeState> bridges = new ConcurrentHashMap<>();
    private final java.util.List<java.util.function.Consumer<String>> lossListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public BridgeSelector(List<Videobridge> bridges, Function<Videobridge, BridgeClient> clients) {
        for (Videobridge bridge : bridges) {
            // Unknown until the first check: taken as healthy and idle, so a call can start before it.
            this.bridges.put(bridge.id(), new BridgeState(clients.apply(bridge), true, 0));
        }
    }

    /** Whether any bridge is configured at all. */
    public boolean configured() {
        return !bridges.isEmpty();
    }

    /** The best bridge for a new conference, other than {@code excluded} ones, or empty if none is healthy. */
    public Optional<BridgeClient> choose(String preferredRegion, Set<String> excluded) {
        var candidates = bridges.values().stream()
                .filter(BridgeState::healthy)
                .filter(s -> !excluded.contains(s.client().bridge().id()))
                .toList();
        var inRegion = candidates.stream().filter(s -> preferredRegion != null
                && preferredRegion.equals(s.client().bridge().region())).toList();
        return (inRegion.isEmpty() ? candidates : inRegion).stream()
                .min(Comparator.comparingDouble(BridgeState::load).thenComparing(s -> s.client().bridge().id()))
                .map(BridgeState::client);
    }

    /** The client of a bridge by id (a conference names the bridge it is on). */
    public Optional<BridgeClient> client(String bridgeId) {
        return Optional.ofNullable(bridges.get(bridgeId)).map(BridgeState::client);
    }

    /** Called with a bridge's id whenever it stops being healthy (a failed check or request), on that thread. */
    public void onLoss(java.util.function.Consumer<String> listener) {
        lossListeners.add(listener);
    }

    /** A request to the bridge failed as if it were gone: no new conferences on it until a check says otherwise. */
    public void failed(String bridgeId) {
        boolean[] lost = {false};
        bridges.computeIfPresent(bridgeId, (id, s) -> {
            if (s.healthy()) {
                log.atWarn().setMessage("Bridge taken out of use until its health check passes").addKeyValue("bridge", id).log();
                lost[0] = true;
            }
            return new BridgeState(s.client(), false, s.stress());
        });
        if (lost[0]) {
            lossListeners.forEach(l -> l.accept(bridgeId));
        }
    }

    /** Checks every bridge's health and load now (blocks for at most a few seconds per bridge). */
    public void refresh() {
        for (BridgeState state : List.copyOf(bridges.values())) {
            BridgeClient client = state.client();
            boolean healthy = client.healthy();
            double stress = healthy ? client.stress() : state.stress();
            if (healthy != state.healthy()) {
                log.atInfo().setMessage(healthy ? "Bridge healthy" : "Bridge unhealthy").addKeyValue("bridge", client.bridge().id()).log();
            }
            bridges.put(client.bridge().id(), new BridgeState(client, healthy, stress));
            if (state.healthy() && !healthy) {
                lossListeners.forEach(l -> l.accept(client.bridge().id()));
            }
        }
    }

    /** Every bridge as last checked, for metrics and readiness. */
    public List<BridgeState> states() {
        return bridges.values().stream().sorted(Comparator.comparing(s -> s.client().bridge().id())).toList();
    }

    /** The ids of the bridges. */
    public Set<String> ids() {
        return Set.copyOf(bridges.keySet());
    }
}
