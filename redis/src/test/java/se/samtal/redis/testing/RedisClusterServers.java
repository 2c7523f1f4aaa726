package se.samtal.redis.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A small Redis Cluster started by a test: three masters without replicas, on free loopback
 * ports, joined with {@code redis-cli --cluster create}. Enough to check that every script keeps
 * to one hash slot and that sharded pub/sub reaches subscribers on every shard.
 */
public final class RedisClusterServers implements AutoCloseable {
    private final List<RedisServer> servers;

    private RedisClusterServers(List<RedisServer> servers) {
        this.servers = servers;
    }

    public static RedisClusterServers start() {
        var servers = new ArrayList<RedisServer>();
        try {
            for (int i = 0; i < 3; i++) {
                servers.add(RedisServer.start(List.of("--appendonly", "no", "--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000")));
            }
            var command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            servers.forEach(s -> command.add("127.0.0.1:" + s.port()));
            command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            run(command);
            var cluster = new RedisClusterServers(servers);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(cluster::isOk);
            return cluster;
        } catch (RuntimeException e) {
            servers.forEach(RedisServer::close);
            throw e;
        }
    }

    /** {@code redis-cluster://127.0.0.1:<port>,…}. */
    public String url() {
        var hosts = servers.stream().map(s -> "127.0.0.1:" + s.port()).toList();
        return "redis-cluster://" + String.join(",", hosts);
    }

    private boolean isOk() {
        for (RedisServer server : servers) {
            String info = run(List.of("redis-cli", "-p", String.valueOf(server.port()), "cluster", "info"));
            if (!info.contains("cluster_state:ok")) {
                return false;
            }
        }
        return true;
    }

    private static String run(List<String> command) {
        try {
            var process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("redis-cli could not be run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        servers.forEach(RedisServer::close);
    }
}
