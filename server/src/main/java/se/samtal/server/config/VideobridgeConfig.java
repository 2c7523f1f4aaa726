package se.samtal.server.config;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The Jitsi Videobridges calls of three or more go through (without any, such calls are meshes of
 * at most each tenant's {@code policy.maxInMesh}). samtal drives them over Colibri2 on their
 * private REST API, checks their health and load every {@code healthInterval}, and puts each new
 * conference on the least loaded healthy one, preferring {@code region}.
 *
 * @param bridges        the bridges; empty: none
 * @param region         the region this node prefers, or null
 * @param healthInterval how often every bridge's {@code /about/health} and {@code /colibri/stats} are read
 */
public record VideobridgeConfig(List<Bridge> bridges, String region, Duration healthInterval) {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    /**
     * One bridge.
     *
     * @param id     a name for logs and metrics, e.g. {@code jvb-1}
     * @param url    its private REST API, e.g. {@code http://10.0.0.7:8080}
     * @param region e.g. {@code se-south}, or null
     * @param weight 1–100 (default 1): its share of new calls at equal load
     */
    public record Bridge(String id, URI url, String region, Integer weight) {
        public Bridge {
            weight = weight != null ? weight : 1;
        }
    }

    public VideobridgeConfig {
        bridges = bridges != null ? List.copyOf(bridges) : List.of();
        healthInterval = healthInterval != null ? healthInterval : Duration.ofSeconds(10);
    }

    static VideobridgeConfig defaults() {
        return new VideobridgeConfig(null, null, null);
    }

    /** Whether any bridge is configured. */
    public boolean configured() {
        return !bridges.isEmpty();
    }

    void validate(Problems problems) {
        var ids = new HashSet<String>();
        for (int i = 0; i < bridges.size(); i++) {
            String key = "videobridge.bridges[" + i + "]";
            Bridge bridge = bridges.get(i);
            if (bridge == null) {
                problems.add(key, "is empty");
                continue;
            }
            problems.require(bridge.id() != null && ID.matcher(bridge.id()).matches(), key + ".id",
                    "is required: 1-40 of a-z, 0-9 and -, starting with a letter or digit");
            problems.require(bridge.id() == null || ids.add(bridge.id()), key + ".id", "duplicates another bridge's id");
            problems.require(bridge.url() != null && bridge.url().isAbsolute() && bridge.url().getHost() != null
                            && ("http".equals(bridge.url().getScheme()) || "https".equals(bridge.url().getScheme())),
                    key + ".url", "is required: the bridge's private REST API, such as http://10.0.0.7:8080");
            problems.range(bridge.weight(), 1, 100, key + ".weight");
        }
        problems.require(healthInterval.compareTo(Duration.ofSeconds(1)) >= 0 && healthInterval.compareTo(Duration.ofMinutes(5)) <= 0,
                "videobridge.healthInterval", "must be between 1s and 5m");
    }
}
