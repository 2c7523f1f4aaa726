package se.samtal.server.auth.redis;

import redis.clients.jedis.params.SetParams;
import se.samtal.redis.KeySpace;
import se.samtal.redis.Redis;
import se.samtal.server.auth.ReplayCache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Single-use token ids in Redis (cluster mode): {@code SET … NX PXAT}, so exactly one node
 * accepts a token id, and Redis forgets it when the token could no longer be used anyway. The
 * key holds a hash of the id (token ids are the platform's; they are bounded this way).
 */
public final class RedisReplayCache implements ReplayCache {
    private final Redis redis;
    private final KeySpace keys;

    public RedisReplayCache(Redis redis, KeySpace keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public boolean firstUse(String tenantId, String tokenId, Instant forgetAfter) {
        String key = keys.tenant(tenantId) + "jti:" + sha256(tokenId);
        return "OK".equals(redis.commands().set(key, "1", SetParams.setParams().nx().pxAt(forgetAfter.toEpochMilli())));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
