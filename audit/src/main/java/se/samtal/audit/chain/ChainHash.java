package se.samtal.audit.chain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The link between entries: {@code hash = SHA-256(prevHash + "\n" + canonical)}, in lower-case
 * hex, where {@code prevHash} is the previous entry's hash (64 zeros before the first) and
 * {@code canonical} the entry's RFC 8785 form in UTF-8. Changing an entry changes its hash;
 * changing a hash breaks the link from the next entry.
 */
public final class ChainHash {
    /** One digest per thread (a writer thread hashes every entry it appends); {@code digest()} resets it. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    });

    private ChainHash() {
    }

    public static String of(String prevHash, String canonical) {
        var digest = SHA_256.get();
        digest.update(prevHash.getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) '\n');
        digest.update(canonical.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest());
    }
}
