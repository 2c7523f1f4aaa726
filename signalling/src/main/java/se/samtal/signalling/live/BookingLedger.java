package se.samtal.signalling.live;

import se.samtal.signalling.visit.Booking;

import java.time.Instant;
import java.util.Optional;

/**
 * The bookings behind live sessions, as the platform's store keeps them: where a session writes
 * down that it moved on. Calls block: they are made on a virtual thread, never under a session's
 * lock or on an event loop.
 */
public interface BookingLedger {

    /** The session opened or got under way: {@code booking} carries its new status. */
    void statusChanged(Booking booking);

    /** Ends the session at its hard stop, unless it has ended already: the booking as ended, or empty. */
    Optional<Booking> endAtHardStop(String tenantId, String sessionId, Instant at);
}
