package se.samtal.server.webhook;

import org.junit.jupiter.api.Test;
import se.samtal.server.config.TenantConfig;
import se.samtal.server.config.WebhooksConfig;
import se.samtal.server.metrics.SamtalMetrics;
import se.samtal.server.tenant.Tenants;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code publishDurably} completes only once the event is in the outbox, so that an answer that
 * waits for it (a chat message's ack, for its {@code message.created}) is never given while a
 * crash could still lose the event; and events keep their order with those of {@code publish}.
 */
class DurablePublishTest {

    /** An outbox whose adds wait until the test lets them through, and that keeps what it got. */
    private static final class GatedOutbox implements WebhookOutbox {
        final CountDownLatch open = new CountDownLatch(1);
        final List<String> added = new ArrayList<>();

        @Override
        public void add(List<OutboxEvent> events) {
            try {
                open.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (added) {
                events.forEach(e -> added.add(e.type()));
            }
        }

        @Override
        public List<OutboxEvent> claim(String node, int max, Instant now, Duration lease) {
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
            return 0;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aDurablePublishCompletesOnlyOnceItsEventIsInTheOutboxAndKeepsItsPlaceInLine() throws Exception {
        var webhook = new TenantConfig.WebhookTargetConfig("http://127.0.0.1:9/hook", "platform-webhook-secret-that-is-long-enough");
        var tenants = new Tenants(List.of(new TenantConfig("region-a", null, "https://region-a.test", null,
                new TenantConfig.KeysConfig(List.of("secret-that-is-long-enough-0123456789"), null, null), null, null, null,
                webhook, null, null, null, null, null)));
        var tenant = tenants.byId("region-a").orElseThrow();
        var outbox = new GatedOutbox();
        try (var dispatcher = new WebhookDispatcher(new WebhooksConfig(null, null, null, null, null), outbox,
                id -> Optional.empty(), "n-1", new SamtalMetrics(), Clock.systemUTC(), Executors.newVirtualThreadPerTaskExecutor())) {
            dispatcher.publish(tenant, "participant.joined", Map.of("sessionId", "s-1"));
            var added = dispatcher.publishDurably(tenant, "message.created", Map.of("sessionId", "s-1"));

            var second = dispatcher.publishDurably(tenant, "message.created", Map.of("sessionId", "s-1", "seq", 2));
            assertThat(added).as("the outbox has not taken it (its add is held): not complete").isNotDone();
            assertThat(second).isNotDone();

            outbox.open.countDown();
            added.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);
            synchronized (outbox.added) {
                assertThat(outbox.added).as("in the order they were published")
                        .containsExactly("participant.joined", "message.created", "message.created");
            }
        }
    }

    @Test
    void aTenantWithoutAWebhookIsNotWaitedFor() {
        var tenants = new Tenants(List.of(new TenantConfig("region-b", null, "https://region-b.test", null,
                new TenantConfig.KeysConfig(List.of("secret-that-is-long-enough-0123456789"), null, null), null, null, null,
                null, null, null, null, null, null)));
        var outbox = new GatedOutbox();
        try (var dispatcher = new WebhookDispatcher(new WebhooksConfig(null, null, null, null, null), outbox,
                id -> Optional.empty(), "n-1", new SamtalMetrics(), Clock.systemUTC(), Executors.newVirtualThreadPerTaskExecutor())) {
            assertThat(dispatcher.publishDurably(tenants.byId("region-b").orElseThrow(), "message.created", Map.of())).isDone();
            outbox.open.countDown();
        }
    }
}
