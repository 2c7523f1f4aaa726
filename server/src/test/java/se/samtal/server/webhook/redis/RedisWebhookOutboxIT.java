package se.samtal.server.webhook.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import se.samtal.redis.KeySpace;
import se.samtal.redis.Redis;
import se.samtal.redis.RedisEndpoint;
import se.samtal.redis.testing.RedisServer;
import se.samtal.server.webhook.WebhookOutbox;
import se.samtal.server.webhook.WebhookOutboxContract;

import java.util.List;
import java.util.UUID;

/** The outbox contract against a real Redis; each test has a key prefix of its own. */
class RedisWebhookOutboxIT extends WebhookOutboxContract {
    private static RedisServer server;
    private static Redis redis;

    @BeforeAll
    static void start() {
        server = RedisServer.start();
        redis = Redis.connect(RedisEndpoint.parse(server.url()), Redis.Options.DEFAULTS);
    }

    @AfterAll
    static void stop() {
        redis.close();
        server.close();
    }

    @Override
    protected WebhookOutbox outbox() {
        return new RedisWebhookOutbox(redis, new KeySpace("test-" + UUID.randomUUID()), List.of(TENANT, OTHER_TENANT));
    }
}
