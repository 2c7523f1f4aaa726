package se.samtal.server.booking;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samtal.sqlite.SqliteDatabase;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The booking store contract against the embedded store, and what only a file can do: survive reopening. */
class SqliteBookingStoreTest extends BookingStoreContract {
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

    @Override
    protected BookingStore store() {
        return store;
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
