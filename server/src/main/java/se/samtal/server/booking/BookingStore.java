package se.samtal.server.booking;

import se.samtal.protocol.SessionStatus;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import se.samtal.signalling.visit.Booking;

/**
 * Where bookings are kept. Every lookup is by tenant and id: a tenant never sees another's
 * sessions, even with the right id. Implementations block; call them off the event loop.
 */
public interface BookingStore {

    /**
     * Stores a new booking unless the tenant already has {@code maxUpcoming} sessions that are
     * scheduled or open and not yet past their end; the check and the insert are one atomic step.
     *
     * @return false if the limit was reached (nothing is stored then)
     */
    boolean insertWithin(Booking booking, int maxUpcoming, Instant now);

    Optional<Booking> find(String tenantId, String id);

    /**
     * Sessions of one tenant whose scheduled start lies in {@code [from, to)}, ordered by start
     * then id, beginning after {@code after} (exclusive) when given.
     */
    List<Booking> list(String tenantId, Instant from, Instant to, int limit, Cursor after);

    /**
     * Moves a session to {@code to} if its status is one of {@code from}; returns the updated
     * booking, or empty if the session is missing or in another status (nothing changes then).
     */
    Optional<Booking> transition(String tenantId, String id, Set<SessionStatus> from, SessionStatus to,
                                 Instant at, String reason);

    boolean isHealthy();

    /** A position in a listing: after this start time and id. */
    record Cursor(Instant scheduledStart, String id) {
    }
}
