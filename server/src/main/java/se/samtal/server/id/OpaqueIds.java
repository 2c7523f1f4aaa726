package se.samtal.server.id;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random identifiers that carry no meaning: session, participant and connection ids. 128 bits
 * of randomness, URL-safe, with a short prefix that tells what kind of id it is.
 */
public final class OpaqueIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private OpaqueIds() {
    }

    /** {@code prefix} followed by 22 URL-safe characters (128 random bits). */
    public static String next(String prefix) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return prefix + ENCODER.encodeToString(bytes);
    }

    /** Whether {@code id} could be one of ours: bounded, URL-safe characters only. */
    public static boolean isPlausible(String id) {
        if (id == null || id.isEmpty() || id.length() > 64) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }
}
