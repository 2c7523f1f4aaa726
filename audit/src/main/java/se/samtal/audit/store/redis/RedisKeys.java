package se.samtal.audit.store.redis;

import se.samtal.audit.chain.IndexRef;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where a tenant's chain lives in Redis. Every key carries the tenant in a hash tag
 * ({@code samtal:audit:{tenant}:…}), so a tenant's keys share one slot and one script can change
 * them together, also on Redis Cluster.
 *
 * <ul>
 *   <li>{@code …:head}, {@code …:anchor}: hashes with {@code seq} and {@code hash}</li>
 *   <li>{@code …:entries}: a hash from sequence number to the stored entry, {@code "<prevHash> <hash> <json>"}</li>
 *   <li>{@code …:turn}: the node whose change goes next (a short lease), see {@code RedisAuditStore}</li>
 *   <li>{@code …:p:<sha256(ref)>}: a patient's entries; {@code …:o:<type>:<id>}: an object's
 *       (sorted sets: member the 19-digit sequence number, score the time in ms). Refs are
 *       hashed so key names carry no person references.</li>
 * </ul>
 */
record RedisKeys(String tenantId) {
    private static final String PREFIX = "samtal:audit:{";

    String head() {
        return PREFIX + tenantId + "}:head";
    }

    String anchor() {
        return PREFIX + tenantId + "}:anchor";
    }

    String entries() {
        return PREFIX + tenantId + "}:entries";
    }

    /** Which node's change goes next, while one that kept losing the race for the head waits for its turn. */
    String turn() {
        return PREFIX + tenantId + "}:turn";
    }

    String index(IndexRef.Kind kind, String key) {
        return PREFIX + tenantId + "}:" + (kind == IndexRef.Kind.PATIENT ? "p:" + sha256(key) : "o:" + key);
    }

    /** An entry's member in index sets: its number in 19 digits, so ties in time sort by number. */
    static String member(long seq) {
        return String.format("%019d", seq);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
