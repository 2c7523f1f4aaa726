package se.samtal.server.booking;

import org.junit.jupiter.api.Test;
import se.samtal.protocol.Role;
import se.samtal.protocol.SessionKind;
import se.samtal.protocol.SessionStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import se.samtal.signalling.visit.Booking;
import se.samtal.signalling.visit.ExpectedParticipant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link BookingStore} must do: tenants apart, the limit on upcoming sessions checked
 * and kept in one step (also when many insert at once), status moves only from the expected
 * status, listing in order with a cursor. The embedded store ({@code SqliteBookingStoreTest}) and
 * the Redis store ({@code RedisBookingStoreIT}) run it, each with a fresh, empty store per test.
 */
public abstract class BookingStoreContract {
    protected static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

    protected abstract BookingStore store();

    protected static Booking booking(String tenant, String id, Instant start) {
        return new Booking(tenant, id, SessionKind.VIDEO, "t", SessionStatus.SCHEDULED, start, start.plusSeconds(3600), "ext-1",
                List.of(new ExpectedParticipant("p-1", Role.PATIENT, "Pim")), T0.minusSeconds(60), null, null);
    }

    @Test
    void storesAndFindsByTenantAndIdOnly() {
        assertThat(store().insertWithin(booking("a", "s1", T0), 10, T0)).isTrue();
        assertThat(store().find("a", "s1")).hasValue(booking("a", "s1", T0));
        assertThat(store().find("b", "s1")).isEmpty();
        var untitled = new Booking("a", "s2", SessionKind.CHAT, null, SessionStatus.SCHEDULED, T0, T0.plusSeconds(60), null,
                List.of(), T0, null, null);
        store().insertWithin(untitled, 10, T0);
        assertThat(store().find("a", "s2")).hasValue(untitled);
    }

    @Test
    void refusesToStoreBeyondTheTenantsUpcomingLimit() {
        assertThat(store().insertWithin(booking("a", "s1", T0), 2, T0)).isTrue();
        assertThat(store().insertWithin(booking("a", "s2", T0), 2, T0)).isTrue();
        assertThat(store().insertWithin(booking("a", "s3", T0), 2, T0)).isFalse();
        assertThat(store().find("a", "s3")).isEmpty();
        assertThat(store().insertWithin(booking("b", "s3", T0), 2, T0)).as("limits are per tenant").isTrue();
        assertThat(store().insertWithin(booking("a", "s4", T0), 2, T0.plusSeconds(7200))).as("past sessions do not count").isTrue();
        store().transition("a", "s4", Set.of(SessionStatus.SCHEDULED), SessionStatus.CANCELLED, T0, "cancelled");
        assertThat(store().insertWithin(booking("a", "s5", T0), 2, T0.plusSeconds(7200))).as("cancelled ones do not count").isTrue();
    }

    @Test
    void manyInsertingAtOnceNeverGoBeyondTheLimit() {
        var results = new ArrayList<CompletableFuture<Boolean>>();
        try (var pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 20; i++) {
                String id = "c" + i;
                results.add(CompletableFuture.supplyAsync(() -> store().insertWithin(booking("a", id, T0), 5, T0), pool));
            }
            assertThat(results.stream().filter(CompletableFuture::join).count()).isEqualTo(5);
        }
        assertThat(store().list("a", T0, T0.plusSeconds(1), 100, null)).hasSize(5);
    }

    @Test
    void transitionsOnlyFromTheExpectedStatus() {
        store().insertWithin(booking("a", "s1", T0), 10, T0);
        var open = store().transition("a", "s1", Set.of(SessionStatus.SCHEDULED), SessionStatus.OPEN, T0, null);
        assertThat(open).hasValueSatisfying(b -> assertThat(b.endedAt()).isNull());
        var ended = store().transition("a", "s1", Set.of(SessionStatus.SCHEDULED, SessionStatus.OPEN), SessionStatus.ENDED, T0,
                "ended_by_host");
        assertThat(ended).hasValueSatisfying(b -> {
            assertThat(b.status()).isEqualTo(SessionStatus.ENDED);
            assertThat(b.endedAt()).isEqualTo(T0);
            assertThat(b.endReason()).isEqualTo("ended_by_host");
        });
        assertThat(store().transition("a", "s1", Set.of(SessionStatus.SCHEDULED), SessionStatus.CANCELLED, T0, "cancelled")).isEmpty();
        assertThat(store().find("a", "s1")).hasValue(ended.orElseThrow());
        assertThat(store().transition("b", "s1", Set.of(SessionStatus.ENDED), SessionStatus.CANCELLED, T0, "x")).isEmpty();
        assertThat(store().transition("a", "missing", Set.of(SessionStatus.SCHEDULED), SessionStatus.OPEN, T0, null)).isEmpty();
    }

    @Test
    void listsAWindowInOrderAndPagesWithACursor() {
        for (int i = 0; i < 4; i++) {
            store().insertWithin(booking("a", "s" + i, T0.plusSeconds(i * 600L)), 10, T0);
        }
        store().insertWithin(booking("a", "s1b", T0.plusSeconds(600)), 10, T0);
        store().insertWithin(booking("a", "later", T0.plusSeconds(86400)), 10, T0);
        store().insertWithin(booking("b", "x", T0), 10, T0);
        var first = store().list("a", T0, T0.plusSeconds(86400), 2, null);
        assertThat(first).extracting(Booking::id).containsExactly("s0", "s1");
        var rest = store().list("a", T0, T0.plusSeconds(86400), 10, new BookingStore.Cursor(first.get(1).scheduledStart(), "s1"));
        assertThat(rest).extracting(Booking::id).as("same start: by id; the window's end is exclusive").containsExactly("s1b", "s2", "s3");
        assertThat(store().list("a", T0.plusSeconds(1), T0.plusSeconds(1201), 10, null)).extracting(Booking::id)
                .containsExactly("s1", "s1b", "s2");
    }
}
