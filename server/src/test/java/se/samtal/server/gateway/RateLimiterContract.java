package se.samtal.server.gateway;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every {@link RateLimiter} must do, on the real clock: the burst, then a refusal that says
 * how long to wait; each key its own allowance; no more than the burst however many ask at once;
 * the allowance comes back. Run against the in-memory buckets and the Redis ones.
 */
public abstract class RateLimiterContract {

    /** A fresh limiter with its own keys. */
    protected abstract RateLimiter limiter(double ratePerSecond, int burst);

    @Test
    void theBurstThenARefusalWithAWaitPerKey() {
        var limiter = limiter(1, 5);
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryAcquire("region-a\u0000p-1")).isZero();
        }
        assertThat(limiter.tryAcquire("region-a\u0000p-1")).isBetween(1L, 1000L);
        assertThat(limiter.tryAcquire("region-a\u0000p-2")).as("another person").isZero();
        assertThat(limiter.tryAcquire("provider-b\u0000p-1")).as("the same ref in another tenant").isZero();
    }

    @Test
    void manyAskingAtOnceGetNoMoreThanTheBurst() {
        var limiter = limiter(0.001, 20);
        var answers = new ArrayList<CompletableFuture<Long>>();
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 80; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> limiter.tryAcquire("region-a\u0000p-1"), pool));
            }
            assertThat(answers.stream().filter(a -> a.join() == 0).count()).isEqualTo(20);
        }
    }

    @Test
    void theAllowanceComesBack() {
        var limiter = limiter(4, 1);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ZERO).until(() -> limiter.tryAcquire("region-a\u0000p-1") > 0);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> limiter.tryAcquire("region-a\u0000p-1") == 0);
    }
}
