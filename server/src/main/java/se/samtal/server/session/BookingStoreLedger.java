package se.samtal.server.session;

import se.samtal.protocol.SessionStatus;
import se.samtal.server.booking.BookingStore;
import se.samtal.signalling.live.BookingLedger;
import se.samtal.signalling.live.LiveSessions;
import se.samtal.signalling.visit.Booking;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** Where live sessions write down how their bookings moved on: the platform's booking store. */
public final class BookingStoreLedger implements BookingLedger {
    private final BookingStore bookings;
    private final Clock clock;

    public BookingStoreLedger(BookingStore bookings, Clock clock) {
        this.bookings = bookings;
        this.clock = clock;
    }

    /** Open from scheduled; in progress from scheduled or open (never back, never over an end). */
    @Override
    public void statusChanged(Booking booking) {
        var from = booking.status() == SessionStatus.OPEN ? Set.of(SessionStatus.SCHEDULED)
                : Set.of(SessionStatus.SCHEDULED, SessionStatus.OPEN);
        bookings.transition(booking.tenantId(), booking.id(), from, booking.status(), clock.instant(), null);
    }

    @Override
    public Optional<Booking> endAtHardStop(String tenantId, String sessionId, Instant at) {
        return bookings.transition(tenantId, sessionId, Set.of(SessionStatus.SCHEDULED, SessionStatus.OPEN, SessionStatus.IN_PROGRESS),
                SessionStatus.ENDED, at, LiveSessions.SCHEDULED_END);
    }
}
