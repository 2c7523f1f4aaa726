package se.samtal.server.booking;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samtal.protocol.Role;
import se.samtal.protocol.SessionKind;
import se.samtal.protocol.SessionStatus;
import se.samtal.sqlite.SqliteDatabase;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteBookingStoreTest {
    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

    @TempDir
    Path dir;
    private SqliteDatabase db;
    private SqliteBookingStore store;

    @BeforeEach
    void open() {
        db = SqliteDatabase.open(dir.resolve("sessions.db"), SqliteBookingStore.migrations(), 2);
        store = new SqliteBookingStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static Booking booking(String tenant, String id, Instant start) {
        return new Booking(tenant, id, SessionKind.VIDEO, "t", SessionStatus.SCHEDULED, start, start.plusSeconds(3600), "ext-1",
                List.of(new ExpectedParticipant("p-1", Role.PATIENT, "Pim")), T0.minusSeconds(60), null, null);
    }

    @Test
    void storesAndFindsByTenantAndIdOnly() {
        assertThat(store.insertWithin(booking("a", "s1", T0), 10, T0)).isTrue();
        assertThat(store.find("a", "s1")).hasValue(booking("a", "s1", T0));
        assertThat(store.find("b", "s1")).isEmpty();
    }

    @Test
    void refusesToStoreBeyondTheTenantsUpcomingLimit() {
        assertThat(store.insertWithin(booking("a", "s1", T0), 2, T0)).isTrue();
        assertThat(store.insertWithin(booking("a", "s2", T0), 2, T0)).isTrue();
        assertThat(store.insertWithin(booking("a", "s3", T0), 2, T0)).isFalse();
        assertThat(store.find("a", "s3")).isEmpty();
        assertThat(store.insertWithin(booking("b", "s3", T0), 2, T0)).as("limits are per tenant").isTrue();
        assertThat(store.insertWithin(booking("a", "s4", T0), 2, T0.plusSeconds(7200))).as("past sessions do not count").isTrue();
    }

    @Test
    void transitionsOnlyFromTheExpectedStatus() {
        store.insertWithin(booking("a", "s1", T0), 10, T0);
        var ended = store.transition("a", "s1", Set.of(SessionStatus.SCHEDULED, SessionStatus.OPEN), SessionStatus.ENDED, T0, "ended_by_host");
        assertThat(ended).hasValueSatisfying(b -> {
            assertThat(b.status()).isEqualTo(SessionStatus.ENDED);
            assertThat(b.endedAt()).isEqualTo(T0);
        });
        assertThat(store.transition("a", "s1", Set.of(SessionStatus.SCHEDULED), SessionStatus.CANCELLED, T0, "cancelled")).isEmpty();
        assertThat(store.find("a", "s1").orElseThrow().status()).isEqualTo(SessionStatus.ENDED);
        assertThat(store.transition("b", "s1", Set.of(SessionStatus.ENDED), SessionStatus.CANCELLED, T0, "x")).isEmpty();
    }

    @Test
    void listsAWindowInOrderAndPagesWithACursor() {
        for (int i = 0; i < 4; i++) {
            store.insertWithin(booking("a", "s" + i, T0.plusSeconds(i * 600L)), 10, T0);
        }
        store.insertWithin(booking("b", "x", T0), 10, T0);
        var first = store.list("a", T0, T0.plusSeconds(86400), 2, null);
        assertThat(first).extracting(Booking::id).containsExactly("s0", "s1");
        var rest = store.list("a", T0, T0.plusSeconds(86400), 10, new BookingStore.Cursor(first.get(1).scheduledStart(), "s1"));
        assertThat(rest).extracting(Booking::id).containsExactly("s2", "s3");
    }

    @Test
    void survivesReopeningTheFile() {
        store.insertWithin(booking("a", "s1", T0), 10, T0);
        db.close();
        db = SqliteDatabase.open(dir.resolve("sessions.db"), SqliteBookingStore.migrations(), 2);
        store = new SqliteBookingStore(db);
        assertThat(store.find("a", "s1")).isPresent();
        assertThat(store.isHealthy()).isTrue();
    }
}
