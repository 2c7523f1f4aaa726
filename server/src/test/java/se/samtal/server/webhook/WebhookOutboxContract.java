package se.samtal.server.webhook;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link WebhookOutbox} promises, run against the embedded store and Redis: events
 * of a key come out one at a time in the order added; a claim keeps a key from every other node
 * until it is done, put back, or its lease has run out; a claim that runs out (its node died)
 * hands the event to another node; events survive as long as they are not done.
 */
public abstract class WebhookOutboxContract {
    protected static final String TENANT = "region-a";
    protected static final String OTHER_TENANT = "provider-b";
    private static final Duration LEASE = Duration.ofSeconds(10);
    private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");

    /** A fresh, empty outbox: both tenants known to it. */
    protected abstract WebhookOutbox outbox();

    private static OutboxEvent event(String tenant, String key, String id) {
        return new OutboxEvent(id, tenant, key, "session.ended", "{\"id\":\"" + id + "\"}", T0, 0);
    }

    @Test
    void eventsOfOneKeyComeOutOneAtATimeInTheOrderAdded() {
        var outbox = outbox();
        outbox.add(List.of(event(TENANT, "s_1", "e1"), event(TENANT, "s_1", "e2")));
        outbox.add(List.of(event(TENANT, "s_1", "e3")));

        var first = outbox.claim("a", 10, T0, LEASE);
        assertThat(first).extracting(OutboxEvent::id).containsExactly("e1");
        assertThat(outbox.claim("a", 10, T0, LEASE)).as("the next waits until the first is done").isEmpty();
        outbox.done("a", first.getFirst());
        assertThat(outbox.claim("a", 10, T0, LEASE)).extracting(OutboxEvent::id).containsExactly("e2");
        assertThat(outbox.pending()).isEqualTo(2);
    }

    @Test
    void eventsOfDifferentKeysAndTenantsComeOutSideBySide() {
        var outbox = outbox();
        outbox.add(List.of(event(TENANT, "s_1", "e1"), event(TENANT, "s_2", "e2")));
        outbox.add(List.of(event(OTHER_TENANT, "s_9", "e3")));
        assertThat(outbox.claim("a", 10, T0, LEASE)).extracting(OutboxEvent::id).containsExactlyInAnyOrder("e1", "e2", "e3");
        assertThat(outbox.claim("b", 10, T0, LEASE)).isEmpty();
    }

    @Test
    void aClaimKeepsTheKeyFromOtherNodesUntilItsLeaseRunsOutThenAnotherNodeGetsTheEvent() {
        var outbox = outbox();
        outbox.add(List.of(event(TENANT, "s_1", "e1"), event(TENANT, "s_1", "e2")));
        assertThat(outbox.claim("a", 10, T0, Duration.ofMillis(300))).extracting(OutboxEvent::id).containsExactly("e1");
        assertThat(outbox.claim("b", 10, T0, LEASE)).as("exactly one node delivers").isEmpty();

        // a dies holding the claim: once the lease has run out, b delivers the same event (at least once, in order)
        awaitLeaseEnd(Duration.ofMillis(300));
        var taken = outbox.claim("b", 10, T0.plusSeconds(1), LEASE);
        assertThat(taken).extracting(OutboxEvent::id).containsExactly("e1");
        outbox.done("b", taken.getFirst());
        assertThat(outbox.claim("b", 10, T0.plusSeconds(1), LEASE)).extracting(OutboxEvent::id).containsExactly("e2");
    }

    @Test
    void anEventPutBackIsDueAgainLaterWithOneAttemptMoreAndItsKeyWaitsForIt() {
        var outbox = outbox();
        outbox.add(List.of(event(TENANT, "s_1", "e1"), event(TENANT, "s_1", "e2")));
        var first = outbox.claim("a", 10, T0, LEASE).getFirst();
        outbox.retry("a", first, T0.plusSeconds(60));
        assertThat(outbox.claim("a", 10, T0.plusSeconds(30), LEASE)).as("not due yet, and e2 waits behind it").isEmpty();
        var again = outbox.claim("b", 10, T0.plusSeconds(60), LEASE);
        assertThat(again).extracting(OutboxEvent::id).containsExactly("e1");
        assertThat(again.getFirst().attempts()).isEqualTo(1);
        assertThat(again.getFirst().body()).isEqualTo(first.body());
    }

    @Test
    void onlyTheNodeHoldingTheClaimPutsAnEventBack() {
        var outbox = outbox();
        outbox.add(List.of(event(TENANT, "s_1", "e1")));
        var first = outbox.claim("a", 10, T0, LEASE).getFirst();
        outbox.retry("b", first, T0.plusSeconds(600));
        assertThat(outbox.claim("c", 10, T0.plusSeconds(1), LEASE)).as("a still holds it").isEmpty();
        outbox.done("a", first);
        assertThat(outbox.pending()).isZero();
    }

    @Test
    void addingTheSameEventTwiceKeepsItOnce() {
        var outbox = outbox();
        outbox.add(List.of(event(TENANT, "s_1", "e1")));
        outbox.add(List.of(event(TENANT, "s_1", "e1")));
        assertThat(outbox.pending()).isEqualTo(1);
    }

    @Test
    void atMostTheAskedNumberIsClaimed() {
        var outbox = outbox();
        for (int i = 0; i < 5; i++) {
            outbox.add(List.of(event(TENANT, "s_" + i, "e" + i)));
        }
        assertThat(outbox.claim("a", 3, T0, LEASE)).hasSize(3);
        assertThat(outbox.claim("b", 10, T0, LEASE)).hasSize(2);
    }

    /** Leases run on the store's own clock (Redis') as well as the caller's: wait for the real time to pass too. */
    private static void awaitLeaseEnd(Duration lease) {
        long until = System.nanoTime() + lease.toNanos() + 50_000_000L;
        org.awaitility.Awaitility.await().pollInterval(Duration.ofMillis(50)).atMost(lease.plusSeconds(5))
                .until(() -> System.nanoTime() > until);
    }
}
