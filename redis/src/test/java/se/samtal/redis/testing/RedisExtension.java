package se.samtal.redis.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import se.samtal.redis.Redis;
import se.samtal.redis.RedisEndpoint;

/**
 * A test class's own Redis: started before its tests, stopped after them, with a client to it.
 * {@code @RegisterExtension static final RedisExtension redis = RedisExtension.standalone();}
 */
public final class RedisExtension implements BeforeAllCallback, AfterAllCallback {
    private final boolean cluster;
    private RedisServer server;
    private RedisClusterServers servers;
    private Redis client;

    private RedisExtension(boolean cluster) {
        this.cluster = cluster;
    }

    /** One redis-server that keeps nothing on disk. */
    public static RedisExtension standalone() {
        return new RedisExtension(false);
    }

    /** A three-shard Redis Cluster. */
    public static RedisExtension cluster() {
        return new RedisExtension(true);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        String url;
        if (cluster) {
            servers = RedisClusterServers.start();
            url = servers.url();
        } else {
            server = RedisServer.start();
            url = server.url();
        }
        client = Redis.connect(RedisEndpoint.parse(url), Redis.Options.DEFAULTS);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        client.close();
        if (servers != null) {
            servers.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** The client to it (for the class's tests). */
    public Redis client() {
        return client;
    }

    /** The standalone server, to kill and restart it. */
    public RedisServer server() {
        return server;
    }
}
