package se.samtal.server.booking.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.samtal.redis.KeySpace;
import se.samtal.redis.Redis;
import se.samtal.redis.RedisEndpoint;
import se.samtal.redis.testing.RedisServer;
import se.samtal.server.booking.BookingStore;
import se.samtal.server.booking.BookingStoreContract;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The booking store contract against Redis, on a test-started redis-server; each test has keys of its own. */
class RedisBookingStoreIT extends BookingStoreContract {
    private static RedisServer server;
    private static Redis redis;
    private RedisBookingStore store;

    @BeforeAll
    static void startRedis() {
        server = RedisServer.start();
        redis = Redis.connect(RedisEndpoint.parse(server.url()), Redis.Options.DEFAULTS);
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
        server.close();
    }

    @BeforeEach
    void freshStore() {
        store = new RedisBookingStore(redis, new KeySpace("test-" + UUID.randomUUID()));
    }

    @Override
    protected BookingStore store() {
        return store;
    }

    @Test
    void keyNamesHoldIdsOnly() {
        store.insertWithin(booking("a", "s_9", T0), 10, T0);
        assertThat(redis.commands().keys("*")).allSatisfy(key -> assertThat(key).doesNotContain("p-1").doesNotContain("Pim"));
    }
}
