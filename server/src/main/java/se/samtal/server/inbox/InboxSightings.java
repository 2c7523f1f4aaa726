package se.samtal.server.inbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Who of a care team has the inbox open: a staff member counts as online for {@link #FRESH} after
 * their inbox last asked for its overview (the page asks every 5 seconds). Kept in memory
 * embedded, in Redis in cluster mode. Nothing is kept longer than it is true: no last-seen times.
 */
public interface InboxSightings {
    /** How long a sighting counts. */
    Duration FRESH = Duration.ofSeconds(15);

    /** {@code ref}'s inbox asked now; it serves {@code entries} (empty: all of the tenant's). */
    void seen(String tenantId, String ref, List<String> entries, Instant at);

    /** Whether {@code ref}'s inbox was seen within {@link #FRESH} of {@code now}. */
    boolean isOnline(String tenantId, String ref, Instant now);

    /** Whether anyone's inbox serving {@code entryId} was seen within {@link #FRESH} of {@code now}. */
    boolean anyOnlineFor(String tenantId, String entryId, Instant now);
}
