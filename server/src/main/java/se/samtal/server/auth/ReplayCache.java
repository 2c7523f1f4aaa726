package se.samtal.server.auth;

import java.time.Instant;

/**
 * Remembers single-use token ids until the token could no longer be used anyway. Embedded mode
 * keeps them in memory; a cluster keeps them in Redis so no node accepts a replay.
 */
public interface ReplayCache {

    /**
     * Records {@code tokenId} as used. Returns {@code false} if it was already recorded, in which
     * case the token is a replay and must be refused.
     *
     * @param forgetAfter when the entry may be dropped (the token's expiry plus clock skew)
     */
    boolean firstUse(String tenantId, String tokenId, Instant forgetAfter);
}
