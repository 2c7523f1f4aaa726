package se.samtal.server.gateway.redis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.samtal.redis.KeySpace;
import se.samtal.redis.testing.RedisExtension;
import se.samtal.server.gateway.RateLimiter;
import se.samtal.server.gateway.RateLimiterContract;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The rate limiter contract against Redis; two nodes share one allowance; key names hold no person refs. */
class RedisRateLimiterIT extends RateLimiterContract {
    private static final byte[] SECRET = "test-secret-test-secret-test-secret".getBytes(StandardCharsets.UTF_8);
    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.standalone();

    @Override
    protected RateLimiter limiter(double ratePerSecond, int burst) {
        return new RedisRateLimiter(REDIS.client(), new KeySpace("test-" + UUID.randomUUID()), "test", ratePerSecond, burst, SECRET);
    }

    @Test
    void twoNodesShareOneAllowanceAndKeyNamesHoldNoPersonRef() {
        var keys = new KeySpace("test-" + UUID.randomUUID());
        var nodeA = new RedisRateLimiter(REDIS.client(), keys, "chat-send", 0.001, 3, SECRET);
        var nodeB = new RedisRateLimiter(REDIS.client(), keys, "chat-send", 0.001, 3, SECRET);
        assertThat(nodeA.tryAcquire("region-a\u0000199001011234")).isZero();
        assertThat(nodeB.tryAcquire("region-a\u0000199001011234")).isZero();
        assertThat(nodeA.tryAcquire("region-a\u0000199001011234")).isZero();
        assertThat(nodeB.tryAcquire("region-a\u0000199001011234")).isPositive();
        assertThat(REDIS.client().commands().keys(keys.prefix() + "*")).singleElement()
                .satisfies(key -> assertThat(key).startsWith(keys.tenant("region-a") + "rate:chat-send:").doesNotContain("1990"));
    }
}
