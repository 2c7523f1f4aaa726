package se.samtal.server.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Collects configuration problems, each prefixed with the key it concerns. */
final class Problems {
    private final List<String> lines = new ArrayList<>();

    void add(String key, String message) {
        lines.add(key + ": " + message);
    }

    void require(boolean ok, String key, String message) {
        if (!ok) {
            add(key, message);
        }
    }

    void positive(Duration value, String key) {
        require(value != null && !value.isNegative() && !value.isZero(), key, "must be a positive duration, such as 10s or 5m");
    }

    void range(long value, long min, long max, String key) {
        require(value >= min && value <= max, key, "must be between " + min + " and " + max);
    }

    /** An http(s) URL; plain http only to loopback hosts, since anything else crosses a network. */
    void webUrl(String value, String key) {
        if (value == null) {
            return;
        }
        try {
            URI uri = URI.create(value);
            String scheme = uri.getScheme();
            String host = uri.getHost();
            if (host == null || scheme == null) {
                add(key, "must be an absolute http(s) URL");
            } else if (scheme.equals("http") && !isLoopback(host)) {
                add(key, "must use https (plain http is only allowed to loopback addresses)");
            } else if (!scheme.equals("http") && !scheme.equals("https")) {
                add(key, "must be an http(s) URL");
            }
        } catch (IllegalArgumentException e) {
            add(key, "is not a valid URL");
        }
    }

    static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }

    void throwIfAny() {
        if (!lines.isEmpty()) {
            throw new ConfigException(lines);
        }
    }
}
