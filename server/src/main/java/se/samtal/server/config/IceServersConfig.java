package se.samtal.server.config;

import se.samtal.signalling.ice.IceConfig;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A tenant's STUN and TURN servers for peer-to-peer calls.
 *
 * @param stunUrls      {@code stun:host:port} URLs
 * @param turnUrls      {@code turn:} / {@code turns:} URLs of TURN servers sharing {@code turnSecret}
 * @param turnSecret    the TURN REST API secret (coturn {@code static-auth-secret}), at least 32 bytes
 * @param credentialTtl lifetime of TURN credentials minted per participant
 */
public record IceServersConfig(List<String> stunUrls, List<String> turnUrls, String turnSecret, Duration credentialTtl) {

    public IceServersConfig {
        stunUrls = stunUrls != null ? List.copyOf(stunUrls) : List.of();
        turnUrls = turnUrls != null ? List.copyOf(turnUrls) : List.of();
        credentialTtl = credentialTtl != null ? credentialTtl : Duration.ofHours(2);
    }

    static IceServersConfig none() {
        return new IceServersConfig(null, null, null, null);
    }

    void validate(String key, Problems problems) {
        for (int i = 0; i < stunUrls.size(); i++) {
            String url = stunUrls.get(i);
            problems.require(url != null && url.matches("stuns?:[^\\s/?#]+(:\\d{1,5})?"), key + ".stunUrls[" + i + "]",
                    "must be a STUN URL such as stun:stun.region-x.example:3478");
        }
        for (int i = 0; i < turnUrls.size(); i++) {
            String url = turnUrls.get(i);
            problems.require(url != null && url.matches("turns?:[^\\s/?#]+(:\\d{1,5})?(\\?transport=(udp|tcp))?"),
                    key + ".turnUrls[" + i + "]", "must be a TURN URL such as turn:turn.region-x.example:3478?transport=udp");
        }
        if (!turnUrls.isEmpty() || turnSecret != null) {
            problems.require(turnSecret != null && turnSecret.getBytes(StandardCharsets.UTF_8).length >= 32,
                    key + ".turnSecret", "is required with turnUrls and must be at least 32 bytes");
            problems.require(!turnUrls.isEmpty(), key + ".turnUrls", "are required when turnSecret is set");
        }
        problems.require(credentialTtl.compareTo(Duration.ofMinutes(5)) >= 0 && credentialTtl.compareTo(Duration.ofHours(24)) <= 0,
                key + ".credentialTtl", "must be between 5m and 24h");
    }

    /** The engine's view, once validated. */
    public IceConfig toIceConfig() {
        return new IceConfig(stunUrls, turnUrls, turnSecret, credentialTtl);
    }
}
