package se.samtal.signalling.ice;

import java.time.Duration;
import java.util.List;

/**
 * A tenant's STUN and TURN servers.
 *
 * @param stunUrls      {@code stun:} / {@code stuns:} URLs, given to browsers as they are
 * @param turnUrls      {@code turn:} / {@code turns:} URLs of TURN servers that share {@code turnSecret}
 * @param turnSecret    the TURN REST API shared secret (coturn's {@code static-auth-secret} with
 *                      {@code use-auth-secret}); required with {@code turnUrls}
 * @param credentialTtl how long minted TURN credentials are valid
 */
public record IceConfig(List<String> stunUrls, List<String> turnUrls, String turnSecret, Duration credentialTtl) {
    public static final IceConfig NONE = new IceConfig(List.of(), List.of(), null, Duration.ofHours(2));

    public IceConfig {
        stunUrls = List.copyOf(stunUrls);
        turnUrls = List.copyOf(turnUrls);
        if (!turnUrls.isEmpty() && (turnSecret == null || turnSecret.isEmpty())) {
            throw new IllegalArgumentException("TURN URLs need a shared secret");
        }
        if (credentialTtl.isNegative() || credentialTtl.isZero()) {
            throw new IllegalArgumentException("the credential lifetime must be positive");
        }
    }
}
