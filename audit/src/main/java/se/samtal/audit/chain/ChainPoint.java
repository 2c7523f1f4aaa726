package se.samtal.audit.chain;

import java.util.Objects;

/**
 * A place in a tenant's chain: an entry's sequence number and hash. The head is the newest
 * entry; the anchor is the last entry that retention purged, from which the kept chain starts.
 */
public record ChainPoint(long seq, String hash) {
    /** Where every chain starts: before entry 1, with a hash of 64 zeros. */
    public static final ChainPoint GENESIS = new ChainPoint(0, "0".repeat(64));

    public ChainPoint {
        if (seq < 0) {
            throw new IllegalArgumentException("seq must not be negative");
        }
        Objects.requireNonNull(hash, "hash");
        if (!isHash(hash)) {
            throw new IllegalArgumentException("hash must be 64 lower-case hex digits");
        }
    }

    /** 64 lower-case hex digits (checked by hand: a pattern here cost a twentieth of the audit writer's time). */
    public static boolean isHash(String value) {
        if (value == null || value.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = value.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }
}
