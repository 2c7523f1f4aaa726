package se.samtal.audit.retention;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.audit.AuditLog;
import se.samtal.audit.store.PurgeResult;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Removes audit entries older than each tenant's audit retention (kept apart from chat's, and
 * usually much longer), oldest first, in short rounds. Each round leaves a purge record in the
 * chain, so what is kept stays verifiable from the new anchor on. Blocks: run it off event loops.
 */
public final class AuditRetention {
    private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);
    /** Entries removed in one round (one short write). */
    public static final int ROUND = 1000;
    /** Rounds per tenant in one run at most; the next run goes on where this one stopped. */
    static final int MAX_ROUNDS = 10_000;

    private final AuditLog audit;
    private final Map<String, Duration> retention;
    private final Clock clock;

    /** @param retention how long each tenant's entries are kept, by tenant id */
    public AuditRetention(AuditLog audit, Map<String, Duration> retention, Clock clock) {
        this.audit = audit;
        this.retention = Map.copyOf(retention);
        this.clock = clock;
    }

    /** One run over every tenant: entries removed, by tenant. */
    public Map<String, Integer> runOnce() {
        var removed = new LinkedHashMap<String, Integer>();
        for (var tenant : retention.entrySet()) {
            Instant now = clock.instant();
            Instant cutoff = now.minus(tenant.getValue());
            int total = 0;
            PurgeResult round;
            int rounds = 0;
            do {
                round = audit.purge(tenant.getKey(), cutoff, ROUND, now);
                total += round.entries();
            } while (round.more() && ++rounds < MAX_ROUNDS);
            removed.put(tenant.getKey(), total);
            if (total > 0) {
                log.atInfo().setMessage("Audit retention purge").addKeyValue("tenant", tenant.getKey())
                        .addKeyValue("entries", total).addKeyValue("cutoff", cutoff).log();
            }
        }
        return removed;
    }
}
