package se.samtal.server.bridge;

import se.samtal.server.config.VideobridgeConfig;
import se.samtal.signalling.call.bridge.MediaBridge;
import se.samtal.videobridge.ColibriMediaBridge;
import se.samtal.videobridge.Videobridge;
import se.samtal.videobridge.colibri.BridgeClient;
import se.samtal.videobridge.select.BridgeSelector;

import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The deployment's Jitsi Videobridges put together: one HTTP client for their REST APIs, the
 * selector that checks their health and load every {@code healthInterval} (on {@code blocking};
 * the first check at start), and the engine's bridge port on them. Without bridges configured,
 * the port is {@link MediaBridge#NONE} and calls of three or more are meshes.
 */
public final class Videobridges implements AutoCloseable {
    private final BridgeSelector selector;
    private final MediaBridge bridge;
    private final HttpClient http;
    private final ScheduledFuture<?> checks;

    private Videobridges(BridgeSelector selector, MediaBridge bridge, HttpClient http, ScheduledFuture<?> checks) {
        this.selector = selector;
        this.bridge = bridge;
        this.http = http;
        this.checks = checks;
    }

    public static Videobridges start(VideobridgeConfig config, ScheduledExecutorService timers, Executor blocking) {
        if (!config.configured()) {
            return new Videobridges(null, MediaBridge.NONE, null, null);
        }
        HttpClient http = BridgeClient.newHttpClient();
        List<Videobridge> bridges = config.bridges().stream()
                .map(b -> new Videobridge(b.id(), b.url(), b.region(), b.weight())).toList();
        var selector = new BridgeSelector(bridges, b -> new BridgeClient(b, http));
        long every = config.healthInterval().toMillis();
        ScheduledFuture<?> checks = timers.scheduleWithFixedDelay(() -> {
            try {
                blocking.execute(selector::refresh);
            } catch (RejectedExecutionException stopping) {
                // the node is stopping
            }
        }, 0, every, TimeUnit.MILLISECONDS);
        return new Videobridges(selector, new ColibriMediaBridge(selector, config.region(), timers), http, checks);
    }

    /** The engine's bridge port. */
    public MediaBridge bridge() {
        return bridge;
    }

    /** Every bridge as last checked (none without bridges), for metrics. */
    public List<BridgeSelector.BridgeState> states() {
        return selector == null ? List.of() : selector.states();
    }

    @Override
    public void close() {
        if (checks != null) {
            checks.cancel(false);
        }
        if (bridge instanceof ColibriMediaBridge colibri) {
            colibri.close();
        }
        if (http != null) {
            http.close();
        }
    }
}
