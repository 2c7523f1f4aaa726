package se.samtal.server.gateway;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketRateLimiterTest {

    @Test
    void allowsTheBurstThenTheSustainedRatePerKey() {
        var now = new AtomicLong();
        var limiter = new TokenBucketRateLimiter(10, 5, now::get);
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryAcquire("a")).isZero();
        }
        long wait = limiter.tryAcquire("a");
        assertThat(wait).isBetween(1L, 100L);
        assertThat(limiter.tryAcquire("b")).as("another person has their own allowance").isZero();
        now.addAndGet(100_000_000); // 100 ms: one request at 10/s
        assertThat(limiter.tryAcquire("a")).isZero();
        assertThat(limiter.tryAcquire("a")).isPositive();
        now.addAndGet(10_000_000_000L); // a long pause refills no more than the burst
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryAcquire("a")).isZero();
        }
        assertThat(limiter.tryAcquire("a")).isPositive();
    }
}
