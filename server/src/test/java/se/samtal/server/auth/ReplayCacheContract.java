package se.samtal.server.auth;

import org.junit.jupiter.api.Test;
import se.samtal.server.testing.TestClock;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every {@link ReplayCache} must do: a token id is accepted once per tenant until its entry
 * may be forgotten, and of many uses at once exactly one gets through. Run against the in-memory
 * cache and the Redis one.
 */
public abstract class ReplayCacheContract {

    /** The clock of the node that judges tokens: the cache keeps an id by its time, whatever the store's own clock says. */
    protected final TestClock clock = TestClock.create();

    protected abstract ReplayCache cache();

    private Instant inAnHour() {
        return clock.instant().plus(1, ChronoUnit.HOURS);
    }

    @Test
    void aTokenIdIsAcceptedOncePerTenant() {
        assertThat(cache().firstUse("region-a", "jti-1", inAnHour())).isTrue();
        assertThat(cache().firstUse("region-a", "jti-1", inAnHour())).isFalse();
        assertThat(cache().firstUse("provider-b", "jti-1", inAnHour())).as("another tenant's id").isTrue();
        assertThat(cache().firstUse("region-a", "jti-2", inAnHour())).isTrue();
    }

    @Test
    void ofManyUsesAtOnceExactlyOneGetsThrough() {
        var uses = new ArrayList<CompletableFuture<Boolean>>();
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 32; i++) {
                uses.add(CompletableFuture.supplyAsync(() -> cache().firstUse("region-a", "jti-race", inAnHour()), pool));
            }
            assertThat(uses.stream().filter(CompletableFuture::join).count()).isEqualTo(1);
        }
    }

    @Test
    void anEntryPastItsTimeIsForgotten() {
        Instant soon = clock.instant().plusSeconds(1);
        assertThat(cache().firstUse("region-a", "jti-old", soon)).isTrue();
        assertThat(cache().firstUse("region-a", "jti-old", inAnHour())).as("not yet past its time").isFalse();
        clock.advance(Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(5)).until(() -> cache().firstUse("region-a", "jti-old", inAnHour()));
        assertThat(cache().firstUse("region-a", "jti-old", inAnHour())).isFalse();
    }

    @Test
    void anIdIsKeptUntilItsTokenRunsOutOnTheNodesClockEvenWhenThatClockIsBehindTheStoresByAYear() {
        clock.advance(Duration.ofDays(-365));
        assertThat(cache().firstUse("region-a", "jti-behind", inAnHour())).isTrue();
        assertThat(cache().firstUse("region-a", "jti-behind", inAnHour())).as("a replay an hour before the token runs out")
                .isFalse();
    }
}
