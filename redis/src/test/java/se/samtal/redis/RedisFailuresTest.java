package se.samtal.redis;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

import java.net.SocketTimeoutException;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/** What a failed call says: Redis away or not, the command never sent, or its outcome unknown. */
class RedisFailuresTest {
    @Test
    void aPoolWithNoConnectionToLendIsRedisAwayAndTheCommandWasNeverSent() {
        // What Jedis throws when every pooled connection stays busy past the pool's wait.
        var exhausted = new CompletionException(new JedisException("Could not get a resource from the pool",
                new NoSuchElementException("Timeout waiting for idle object")));

        assertThat(RedisFailures.isRedisAway(exhausted)).isTrue();
        assertThat(RedisFailures.neverSent(exhausted)).isTrue();
        assertThat(RedisFailures.outcomeUnknown(exhausted)).isFalse();
    }

    @Test
    void aConnectionThatBrokeAfterSendingLeavesTheOutcomeUnknown() {
        var broke = new JedisConnectionException("Unexpected end of stream.");
        var timedOut = new JedisConnectionException(new SocketTimeoutException("Read timed out"));

        assertThat(RedisFailures.isRedisAway(broke)).isTrue();
        assertThat(RedisFailures.outcomeUnknown(broke)).isTrue();
        assertThat(RedisFailures.outcomeUnknown(timedOut)).isTrue();
    }

    @Test
    void aFaultOfTheCommandIsNotRedisAway() {
        assertThat(RedisFailures.isRedisAway(new JedisException("ERR wrong number of arguments"))).isFalse();
        assertThat(RedisFailures.isRedisAway(new IllegalStateException("a bug"))).isFalse();
    }
}
