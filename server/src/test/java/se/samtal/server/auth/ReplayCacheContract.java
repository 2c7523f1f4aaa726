package se.samtal.server.auth;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link ReplayCache} must do: a token id is accepted once per tenant until its entry
 * may be forgotten, and of many uses at once exactly one gets through. Run against the in-memory
 * cache and the Redis one.
 */
public abstract class ReplayCacheContract {

    protected abstract ReplayCache cache();

    private static Instant inAnHour() {
        return Instant.now().plus(1, ChronoUnit.HOURS);
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
        Instant past = Instant.now().minusSeconds(5);
        assertThat(cache().firstUse("region-a", "jti-old", past)).isTrue();
        assertThat(cache().firstUse("region-a", "jti-old", inAnHour())).as("the old entry no longer counts").isTrue();
        assertThat(cache().firstUse("region-a", "jti-old", inAnHour())).isFalse();
    }
}
