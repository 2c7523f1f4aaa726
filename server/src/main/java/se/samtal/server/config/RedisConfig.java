package se.samtal.server.config;

import se.samtal.redis.RedisEndpoint;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Cluster mode. With {@code url} set, the node keeps every shared state in Redis (sessions,
 * presence, waiting rooms, chat, bookings, single-use tokens, rate limits) and any number of
 * nodes behind a load balancer serve any client; without it, the node runs embedded.
 *
 * @param url         {@code redis://}, {@code rediss://}, {@code redis-sentinel://…/master} or
 *                    {@code redis-cluster://…} (see {@link RedisEndpoint}); unset: embedded mode
 * @param password    overrides the URL's password (keep it out of the file: {@code SAMTAL_REDIS__PASSWORD})
 * @param keyPrefix   what every key starts with, so several deployments can share one Redis
 * @param timeout     connect and command timeout
 * @param poolSize    most connections to each Redis server, per node
 * @param nodeTimeout a node not heard from for this long counts as gone: its participants turn
 *                    "reconnecting" and keep their places for {@code presence.reconnectGrace}
 */
public record RedisConfig(String url, String password, String keyPrefix, Duration timeout, Integer poolSize,
                          Duration nodeTimeout) {
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._-]{1,40}");

    public RedisConfig {
        keyPrefix = keyPrefix != null ? keyPrefix : "samtal";
        timeout = timeout != null ? timeout : Duration.ofSeconds(2);
        poolSize = poolSize != null ? poolSize : 32;
        nodeTimeout = nodeTimeout != null ? nodeTimeout : Duration.ofSeconds(5);
    }

    static RedisConfig defaults() {
        return new RedisConfig(null, null, null, null, null, null);
    }

    /** Whether cluster mode is on. */
    public boolean enabled() {
        return url != null && !url.isBlank();
    }

    /** The endpoint, with {@code password} if set. Only after validation. */
    public RedisEndpoint endpoint() {
        var endpoint = RedisEndpoint.parse(url);
        return password != null && !password.isEmpty() ? endpoint.withPassword(password) : endpoint;
    }

    /**
     * {@code url} (a {@code redis://} or {@code rediss://} one) with {@code password}, if set, as the
     * default user's: for what speaks to one Redis server (the audit store).
     */
    String standaloneUrlWithPassword() {
        if (password == null || password.isEmpty()) {
            return url;
        }
        try {
            URI uri = URI.create(url);
            return new URI(uri.getScheme(), "default:" + password, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return url; // validation names the bad URL
        }
    }

    void validate(Problems problems) {
        if (url != null) {
            try {
                RedisEndpoint.parse(url);
            } catch (IllegalArgumentException e) {
                problems.add("redis.url", e.getMessage());
            }
        }
        problems.require(PREFIX.matcher(keyPrefix).matches(), "redis.keyPrefix", "must be 1–40 of A–Z a–z 0–9 . _ -");
        problems.require(timeout.compareTo(Duration.ofMillis(100)) >= 0 && timeout.compareTo(Duration.ofMinutes(1)) <= 0,
                "redis.timeout", "must be between 100ms and 1m");
        problems.range(poolSize, 2, 1024, "redis.poolSize");
        problems.require(nodeTimeout.compareTo(Duration.ofSeconds(2)) >= 0 && nodeTimeout.compareTo(Duration.ofMinutes(5)) <= 0,
                "redis.nodeTimeout", "must be between 2s and 5m");
    }
}
