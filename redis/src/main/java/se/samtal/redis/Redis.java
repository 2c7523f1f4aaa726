package se.samtal.redis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.time.Duration;
import java.util.LinkedHashSet;

/**
 * A connected Redis, whichever way it is deployed: the pooled client for commands (Jedis'
 * {@link UnifiedJedis}, which follows a Sentinel's master and a cluster's slots), and dedicated
 * connections for long-lived subscriptions. Every call blocks: use it off event loops.
 */
public final class Redis implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Redis.class);

    private final RedisEndpoint endpoint;
    private final JedisClientConfig clientConfig;
    private final UnifiedJedis commands;

    /**
     * @param timeout    connect and read timeout of each command
     * @param poolSize   most connections to each server
     * @param clientName what {@code CLIENT LIST} shows for these connections
     */
    public record Options(Duration timeout, int poolSize, String clientName) {
        public static final Options DEFAULTS = new Options(Duration.ofSeconds(2), 32, "samtal");
    }

    private Redis(RedisEndpoint endpoint, JedisClientConfig clientConfig, UnifiedJedis commands) {
        this.endpoint = endpoint;
        this.clientConfig = clientConfig;
        this.commands = commands;
    }

    /**
     * Builds the client. It connects lazily where Jedis allows (standalone), so a node can start
     * while Redis is down and become ready once it is back; Sentinel and Cluster must answer now
     * (to name the master, or the slots).
     */
    public static Redis connect(RedisEndpoint endpoint, Options options) {
        int millis = Math.toIntExact(options.timeout().toMillis());
        var config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis)
                .socketTimeoutMillis(millis)
                .user(endpoint.user())
                .password(endpoint.password())
                .database(endpoint.database())
                .clientName(options.clientName())
                .ssl(endpoint.tls())
                .resp2()
                .build();
        var pool = new ConnectionPoolConfig();
        pool.setMaxTotal(options.poolSize());
        pool.setMaxIdle(options.poolSize());
        pool.setMinIdle(0);
        pool.setMaxWait(options.timeout());
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(30));
        var hosts = new LinkedHashSet<>(endpoint.hosts());
        UnifiedJedis commands = switch (endpoint.mode()) {
            case STANDALONE -> RedisClient.builder().hostAndPort(endpoint.hosts().get(0)).clientConfig(config)
                    .poolConfig(pool).build();
            case SENTINEL -> RedisSentinelClient.builder().masterName(endpoint.masterName()).sentinels(hosts)
                    .clientConfig(config)
                    .sentinelClientConfig(DefaultJedisClientConfig.builder().connectionTimeoutMillis(millis)
                            .socketTimeoutMillis(millis).user(endpoint.user()).password(endpoint.password())
                            .ssl(endpoint.tls()).clientName(options.clientName()).resp2().build())
                    .poolConfig(pool).build();
            case CLUSTER -> RedisClusterClient.builder().nodes(hosts).clientConfig(config).poolConfig(pool)
                    .maxAttempts(5).maxTotalRetriesDuration(options.timeout().multipliedBy(3)).build();
        };
        log.atInfo().setMessage("Redis client ready").addKeyValue("redis", endpoint.describe()).log();
        return new Redis(endpoint, config, commands);
    }

    public RedisEndpoint endpoint() {
        return endpoint;
    }

    public boolean isCluster() {
        return endpoint.mode() == RedisEndpoint.Mode.CLUSTER;
    }

    /** The pooled client for commands and scripts. */
    public UnifiedJedis commands() {
        return commands;
    }

    /** Whether Redis answers a PING now. Never throws. */
    public boolean ping() {
        try {
            return "PONG".equals(commands.ping());
        } catch (JedisException | IllegalStateException e) {
            return false;
        }
    }

    /**
     * A client on a connection of its own (not from the pool) to the server that holds {@code key}:
     * for work that must never wait for the pool, such as the heartbeat that tells the other nodes
     * this one is alive (a pool starved by load must not make a healthy node look dead). It
     * connects now; the caller closes it, and makes a new one after a failure.
     */
    public UnifiedJedis ownClient(String key) {
        return new UnifiedJedis(subscriberConnection(key)) { // its one connection, never a pool
        };
    }

    /**
     * A new connection of its own (not from the pool) to the server that holds {@code channel}'s
     * shard: for a subscription that lasts. The caller closes it.
     */
    public Connection subscriberConnection(String channel) {
        HostAndPort target = switch (endpoint.mode()) {
            case STANDALONE -> endpoint.hosts().get(0);
            case SENTINEL -> ((RedisSentinelClient) commands).getCurrentMaster();
            case CLUSTER -> {
                var cluster = (RedisClusterClient) commands;
                try (Connection any = cluster.getConnectionFromSlot(JedisClusterCRC16.getSlot(channel))) {
                    yield any.getHostAndPort();
                }
            }
        };
        var connection = new Connection(target, clientConfig);
        connection.connect();
        return connection;
    }

    /** Asks Redis Cluster for its slots again (after a subscription found its shard moved). */
    public void refreshTopology() {
        if (commands instanceof RedisClusterClient cluster) {
            try {
                cluster.refreshClusterTopology();
            } catch (JedisException e) {
                log.atDebug().setMessage("Could not refresh the cluster's topology").setCause(e).log();
            }
        }
    }

    @Override
    public void close() {
        commands.close();
    }
}
