package se.samtal.signalling.ice;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Mints short-lived TURN credentials with the TURN REST API scheme that coturn checks with
 * {@code use-auth-secret}: the username is {@code <expiry as unix seconds>:<user>} and the
 * password is {@code base64(HMAC-SHA1(secret, username))}. Nothing is stored: the TURN server
 * recomputes the HMAC from the username, and refuses it after the expiry.
 *
 * <p>The user part is samtal's opaque participant id, never a name or person reference, since
 * TURN servers log usernames.
 */
public final class TurnCredentials {
    private static final Pattern OPAQUE_USER = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final IceConfig config;
    private final Clock clock;

    public TurnCredentials(IceConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** The ICE servers for {@code user}: STUN as configured, TURN with fresh credentials. */
    public List<IceServerEntry> iceServersFor(String user) {
        var servers = new ArrayList<IceServerEntry>(2);
        if (!config.stunUrls().isEmpty()) {
            servers.add(new IceServerEntry(config.stunUrls(), null, null));
        }
        if (!config.turnUrls().isEmpty()) {
            String username = username(user);
            servers.add(new IceServerEntry(config.turnUrls(), username, password(config.turnSecret(), username)));
        }
        return servers;
    }

    /** {@code <now + ttl as unix seconds>:<user>}. */
    String username(String user) {
        if (!OPAQUE_USER.matcher(user).matches()) {
            throw new IllegalArgumentException("TURN users must be opaque ids");
        }
        long expiry = clock.instant().plus(config.credentialTtl()).getEpochSecond();
        return expiry + ":" + user;
    }

    /** {@code base64(HMAC-SHA1(secret, username))}, as coturn computes it. */
    public static String password(String secret, String username) {
        try {
            var mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is required by every JDK", e);
        }
    }
}
