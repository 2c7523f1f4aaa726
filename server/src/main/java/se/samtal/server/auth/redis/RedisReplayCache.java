package se.samtal.server.auth.redis;

import redis.clients.jedis.params.SetParams;
import se.samtal.redis.KeySpace;
import se.samtal.redis.Redis;
import se.samtal.server.auth.ReplayCache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Single-use token ids in Redis (cluster mode): {@code SET … NX PX}, so exactly one node
 * accepts a token id, and Redis forgets it when the token could no longer be used anyway. The
 * time to keep it is measured on the node's clock (the one that judged the token) and handed to
 * Redis as a duration, never as an instant of Redis's own clock, which may differ. The key holds
 * a hash of the id (token ids are the platform's; they are bounded this way).
 */
public final class RedisReplayCache implements ReplayCache {
    /** An id whose token has (nearly) run out is still kept this long: a use and a replay in the same second. */
    private static final Duration AT_LEAST = Duration.ofSeconds(1);

    private final Redis redis;
    private final KeySpace keys;
    private final Clock clock;

    public RedisReplayCache(Redis redis, KeySpace keys, Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public boolean firstUse(String tenantId, String tokenId, Instant forgetAfter) {
        String key = keys.tenant(tenantId) + "jti:" + sha256(tokenId);
        Duration keep = Duration.between(clock.instant(), forgetAfter);
        long millis = Math.max(AT_LEAST.toMillis(), keep.toMillis());
        return "OK".equals(redis.commands().set(key, "1", SetParams.setParams().nx().px(millis)));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
