package se.samtal.redis;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisEndpointTest {

    @Test
    void aPlainUrlNamesOneServerWithItsDatabaseAndCredentials() {
        var endpoint = RedisEndpoint.parse("redis://samtal:s%40cret@redis.internal:6380/2");
        assertThat(endpoint.mode()).isEqualTo(RedisEndpoint.Mode.STANDALONE);
        assertThat(endpoint.hosts()).containsExactly(new HostAndPort("redis.internal", 6380));
        assertThat(endpoint.user()).isEqualTo("samtal");
        assertThat(endpoint.password()).isEqualTo("s@cret");
        assertThat(endpoint.database()).isEqualTo(2);
        assertThat(endpoint.tls()).isFalse();
        assertThat(RedisEndpoint.parse("rediss://:pw@host").tls()).isTrue();
        assertThat(RedisEndpoint.parse("rediss://:pw@host").user()).isNull();
        assertThat(RedisEndpoint.parse("redis://host").hosts()).containsExactly(new HostAndPort("host", 6379));
    }

    @Test
    void sentinelUrlsNameTheSentinelsAndTheMaster() {
        var endpoint = RedisEndpoint.parse("redis-sentinel://:pw@10.0.0.1:26379,10.0.0.2,10.0.0.3:26380/samtal-master/1");
        assertThat(endpoint.mode()).isEqualTo(RedisEndpoint.Mode.SENTINEL);
        assertThat(endpoint.hosts()).containsExactly(new HostAndPort("10.0.0.1", 26379), new HostAndPort("10.0.0.2", 26379),
                new HostAndPort("10.0.0.3", 26380));
        assertThat(endpoint.masterName()).isEqualTo("samtal-master");
        assertThat(endpoint.database()).isEqualTo(1);
        assertThat(endpoint.password()).isEqualTo("pw");
    }

    @Test
    void clusterUrlsNameAnyOfItsNodes() {
        var endpoint = RedisEndpoint.parse("rediss-cluster://[::1]:7000,127.0.0.1:7001");
        assertThat(endpoint.mode()).isEqualTo(RedisEndpoint.Mode.CLUSTER);
        assertThat(endpoint.tls()).isTrue();
        assertThat(endpoint.hosts()).containsExactly(new HostAndPort("::1", 7000), new HostAndPort("127.0.0.1", 7001));
    }

    @Test
    void badUrlsAreRefusedWithoutRepeatingThem() {
        String[] bad = {"", "localhost:6379", "http://:secret@host", "redis://:secret@host:port", "redis://:secret@a,b",
                "redis-sentinel://:secret@host:26379", "redis-cluster://:secret@host:7000/3", "redis://:secret@host/99",
                "redis://:secret@host:0", "redis://:secret@host?timeout=1"};
        for (String url : bad) {
            assertThatThrownBy(() -> RedisEndpoint.parse(url)).as(url).isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
        }
    }

    @Test
    void describingAnEndpointLeavesItsPasswordOut() {
        var endpoint = RedisEndpoint.parse("redis://user:topsecret@host:6379");
        assertThat(endpoint.describe()).isEqualTo("standalone host:6379").doesNotContain("topsecret");
        assertThat(endpoint.toString()).doesNotContain("topsecret");
        assertThat(endpoint.withPassword("other").password()).isEqualTo("other");
    }
}
