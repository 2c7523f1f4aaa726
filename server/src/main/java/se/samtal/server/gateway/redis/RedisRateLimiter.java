package se.samtal.server.gateway.redis;

import se.samtal.redis.KeySpace;
import se.samtal.redis.Redis;
import se.samtal.redis.RedisScript;
import se.samtal.server.gateway.RateLimiter;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;

/**
 * A token bucket per key in Redis (cluster mode): the same allowance whichever node a person's
 * connections are on. Each call is one script, so it blocks: use it off event loops (chat's
 * message and typing limits). Keys are {@code <tenant>\0<person>…}; the person part is in the
 * key name only as an HMAC (a person ref is personal data, and may be guessable).
 */
public final class RedisRateLimiter implements RateLimiter {
    private static final RedisScript TOKEN_BUCKET = RedisScript.load(RedisRateLimiter.class, "token_bucket.lua");

    private final Redis redis;
    private final KeySpace keys;
    private final String name;
    private final String ratePerMilli;
    private final String burst;
    private final SecretKeySpec secret;

    /**
     * @param name   which limit this is ({@code chat-send}, {@code chat-typing}): part of the key
     * @param secret keys the HMAC of person refs in key names; the same on every node
     */
    public RedisRateLimiter(Redis redis, KeySpace keys, String name, double ratePerSecond, int burst, byte[] secret) {
        this.redis = redis;
        this.keys = keys;
        this.name = name;
        this.ratePerMilli = String.valueOf(ratePerSecond / 1000.0);
        this.burst = String.valueOf(burst);
        this.secret = new SecretKeySpec(secret, "HmacSHA256");
    }

    @Override
    public long tryAcquire(String key) {
        int split = key.indexOf('\u0000');
        if (split <= 0) {
            throw new IllegalArgumentException("a cluster-wide limit needs a key of the form <tenant>\\0<person>");
        }
        String bucket = keys.tenant(key.substring(0, split)) + "rate:" + name + ":" + hmac(key.substring(split + 1));
        Object wait = TOKEN_BUCKET.run(redis.commands(), List.of(bucket), List.of(ratePerMilli, burst));
        return (Long) wait;
    }

    private String hmac(String text) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
