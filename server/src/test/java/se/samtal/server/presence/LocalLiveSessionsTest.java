package se.samtal.server.presence;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import se.samtal.server.booking.BookingStore;
import se.samtal.server.booking.SqliteBookingStore;
import se.samtal.sqlite.SqliteDatabase;

import java.nio.file.Path;
import java.util.List;

/** The live-sessions contract with the embedded space: one node, state in memory. */
class LocalLiveSessionsTest extends LiveSessionsContract {
    @TempDir
    Path dir;
    private SqliteDatabase db;
    private BookingStore bookings;
    private List<SessionSpace> spaces;

    @BeforeEach
    void open() {
        db = SqliteDatabase.open(dir.resolve("sessions.db"), SqliteBookingStore.migrations(), 2);
        bookings = new SqliteBookingStore(db);
        spaces = List.of(new LocalSessionSpace("n0", 256, timers, CLOCK));
    }

    @AfterEach
    void close() {
        timers.shutdownNow();
        db.close();
    }

    @Override
    protected BookingStore bookings() {
        return bookings;
    }

    @Override
    protected List<SessionSpace> spaces() {
        return spaces;
    }
}
