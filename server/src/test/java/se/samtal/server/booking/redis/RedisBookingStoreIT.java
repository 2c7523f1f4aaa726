package se.samtal.server.booking.redis;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.samtal.redis.KeySpace;
import se.samtal.redis.testing.RedisExtension;
import se.samtal.server.booking.BookingStore;
import se.samtal.server.booking.BookingStoreContract;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The booking store contract against Redis, on a test-started redis-server; each test has keys of its own. */
class RedisBookingStoreIT extends BookingStoreContract {
    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.standalone();
    private RedisBookingStore store;

    @BeforeEach
    void freshStore() {
        store = new RedisBookingStore(REDIS.client(), new KeySpace("test-" + UUID.randomUUID()));
    }

    @Override
    protected BookingStore store() {
        return store;
    }

    @Test
    void keyNamesHoldIdsOnly() {
        store.insertWithin(booking("a", "s_9", T0), 10, T0);
        assertThat(REDIS.client().commands().keys("*")).allSatisfy(key -> assertThat(key).doesNotContain("p-1").doesNotContain("Pim"));
    }
}
