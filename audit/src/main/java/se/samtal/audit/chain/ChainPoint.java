package se.samtal.audit.chain;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A place in a tenant's chain: an entry's sequence number and hash. The head is the newest
 * entry; the anchor is the last entry that retention purged, from which the kept chain starts.
 */
public record ChainPoint(long seq, String hash) {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    /** Where every chain starts: before entry 1, with a hash of 64 zeros. */
    public static final ChainPoint GENESIS = new ChainPoint(0, "0".repeat(64));

    public ChainPoint {
        if (seq < 0) {
            throw new IllegalArgumentException("seq must not be negative");
        }
        Objects.requireNonNull(hash, "hash");
        if (!HEX.matcher(hash).matches()) {
            throw new IllegalArgumentException("hash must be 64 lower-case hex digits");
        }
    }

    public static boolean isHash(String value) {
        return value != null && HEX.matcher(value).matches();
    }
}
