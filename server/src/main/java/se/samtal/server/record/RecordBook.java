package se.samtal.server.record;

import se.samtal.server.tenant.Tenant;
import se.samtal.signalling.visit.Booking;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The visit records of every tenant, read from the visit logs: one session's, or those of the
 * sessions scheduled in a window. A record is kept as long as its tenant keeps a session's data
 * ({@code tenants[].chat.retentionDays}, counted from the session's newest event): after that its
 * log is purged (see {@link RecordRetention}), and a session with no log whose scheduled end is
 * older than that has no record either. Blocks: call it off the event loop.
 */
public final class RecordBook {
    private final VisitLog log;
    private final Clock clock;

    public RecordBook(VisitLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /** How long the tenant keeps a session's data. */
    public static Duration retention(Tenant tenant) {
        return Duration.ofDays(tenant.chat().retentionDays());
    }

    /** The record of {@code booking}'s visit, or empty if it is no longer kept. */
    public Optional<VisitRecord> find(Tenant tenant, Booking booking) {
        return record(tenant, booking, log.events(booking.tenantId(), booking.id()), clock.instant());
    }

    /** The record of a booking whose log (perhaps empty) was read already; empty if it is no longer kept. */
    public Optional<VisitRecord> record(Tenant tenant, Booking booking, List<VisitEvent> events, Instant now) {
        if (events.isEmpty() && booking.scheduledEnd().isBefore(now.minus(retention(tenant)))) {
            return Optional.empty();
        }
        return Optional.of(VisitRecords.of(booking, events, now, tenant.policy().joinLate()));
    }

    /** The logs of the sessions scheduled to start in {@code [from, to)}. */
    public Map<String, List<VisitEvent>> logs(Tenant tenant, Instant from, Instant to) {
        return log.byScheduledStart(tenant.id(), from, to);
    }

    public Instant now() {
        return clock.instant();
    }
}
