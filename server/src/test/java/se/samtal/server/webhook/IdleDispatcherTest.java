package se.samtal.server.webhook;

import org.junit.jupiter.api.Test;
import se.samtal.server.config.TenantConfig;
import se.samtal.server.config.WebhooksConfig;
import se.samtal.server.metrics.SamtalMetrics;
import se.samtal.server.tenant.Tenants;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node with no webhook events waiting does not look for due ones four times a second (each look
 * is a write transaction on the outbox): it looks at start, then every 5 s, and at once when it
 * adds an event; while one waits it looks every 250 ms. Closing wakes what sleeps.
 */
class IdleDispatcherTest {

    /** An outbox that counts the looks (claims) and the adds, and never gives an event out (as if none were due yet). */
    private static final class CountingOutbox implements WebhookOutbox {
        final AtomicInteger claims = new AtomicInteger();
        final AtomicInteger added = new AtomicInteger();

        @Override
        public void add(List<OutboxEvent> events) {
            added.addAndGet(events.size());
        }

        @Override
        public List<OutboxEvent> claim(String node, int max, Instant now, Duration lease) {
            claims.incrementAndGet();
            return List.of();
        }

        @Override
        public void done(String node, OutboxEvent event) {
        }

        @Override
        public void retry(String node, OutboxEvent event, Instant at) {
        }

        @Override
        public long pending() {
            return added.get(); // never given out, so all still wait
        }

        @Override
        public void close() {
        }
    }

    @Test
    void anIdleNodeLooksRarelyAndAtOnceWhenItAddsAnEvent() throws Exception {
        var webhook = new TenantConfig.WebhookTargetConfig("http://127.0.0.1:9/hook", "platform-webhook-secret-that-is-long-enough");
        var tenants = new Tenants(List.of(new TenantConfig("region-a", null, "https://region-a.test", null,
                new TenantConfig.KeysConfig(List.of("secret-that-is-long-enough-0123456789"), null, null), null, null, null,
                webhook, null, null, null, null, null)));
        var outbox = new CountingOutbox();
        var dispatcher = new WebhookDispatcher(new WebhooksConfig(null, null, null, null, null), outbox,
                id -> Optional.empty(), "n-1", new SamtalMetrics(), Clock.systemUTC(), Executors.newVirtualThreadPerTaskExecutor());
        try {
            // One look at start, then none for 1.5 s (it was one every 250 ms).
            await().atMost(Duration.ofSeconds(5)).until(() -> outbox.claims.get() == 1);
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> outbox.claims.get() == 1);

            dispatcher.publish(tenants.byId("region-a").orElseThrow(), "session.ended", Map.of("sessionId", "s-1"));
            await().atMost(Duration.ofSeconds(3)).until(() -> outbox.added.get() == 1 && outbox.claims.get() >= 2);
            // An event waits (this outbox never gives it out, as if it were due later): the node
            // goes on looking every 250 ms, not only when something else happens.
            int before = outbox.claims.get();
            await().atMost(Duration.ofSeconds(5)).until(() -> outbox.claims.get() >= before + 4);
        } finally {
            long start = System.nanoTime();
            dispatcher.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("closing wakes the sleeping adder")
                    .isLessThan(Duration.ofSeconds(2));
        }
    }
}
