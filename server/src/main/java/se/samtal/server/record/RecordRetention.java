package se.samtal.server.record;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.server.tenant.Tenant;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Purges the visit logs each tenant no longer keeps: those whose newest event is older than the
 * tenant's retention of a session's data ({@code tenants[].chat.retentionDays}), unless the
 * session's chat is on legal hold (then its record is kept with it). Runs in rounds of
 * {@link #ROUND} sessions. Blocks: run it off the event loop.
 */
public final class RecordRetention {
    private static final Logger log = LoggerFactory.getLogger(RecordRetention.class);
    static final int ROUND = 500;

    private final VisitLog visitLog;
    private final Collection<Tenant> tenants;
    private final BiPredicate<String, String> onHold;
    private final Clock clock;

    /** @param onHold whether (tenant, session)'s data is on legal hold */
    public RecordRetention(VisitLog visitLog, Collection<Tenant> tenants, BiPredicate<String, String> onHold, Clock clock) {
        this.visitLog = visitLog;
        this.tenants = List.copyOf(tenants);
        this.onHold = onHold;
        this.clock = clock;
    }

    /** One run over every tenant: how many records were purged, by tenant. */
    public Map<String, Integer> runOnce() {
        var purged = new LinkedHashMap<String, Integer>();
        Instant now = clock.instant();
        for (Tenant tenant : tenants) {
            Instant cutoff = now.minus(RecordBook.retention(tenant));
            int count = 0;
            int skip = 0;
            List<String> round;
            do {
                round = visitLog.olderThan(tenant.id(), cutoff, skip, ROUND);
                var expired = new ArrayList<String>();
                for (String session : round) {
                    if (onHold.test(tenant.id(), session)) {
                        skip++;
                    } else {
                        expired.add(session);
                    }
                }
                count += visitLog.delete(tenant.id(), expired);
            } while (round.size() == ROUND);
            purged.put(tenant.id(), count);
            if (count > 0) {
                log.atInfo().setMessage("Visit records purged").addKeyValue("tenant", tenant.id()).addKeyValue("records", count)
                        .addKeyValue("cutoff", cutoff).log();
            }
        }
        return purged;
    }
}
