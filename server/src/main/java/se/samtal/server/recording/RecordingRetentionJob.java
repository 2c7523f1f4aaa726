package se.samtal.server.recording;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.recording.retention.RecordingArchive;
import se.samtal.recording.retention.RetentionRule;
import se.samtal.server.metrics.SamtalMetrics;
import se.samtal.server.tenant.Tenant;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Deletes recordings past their tenant's retention ({@code tenants[].recording.retention}),
 * every {@code recording.purgeInterval}, on the blocking executor (archives block). Every tenant
 * counts, also one that has stopped recording: what it recorded before is deleted in time.
 */
public final class RecordingRetentionJob implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RecordingRetentionJob.class);

    private final RetentionRule rule;
    private final SamtalMetrics metrics;
    private ScheduledFuture<?> schedule;

    public RecordingRetentionJob(RecordingArchive archive, Collection<Tenant> tenants, SamtalMetrics metrics, Clock clock) {
        Map<String, Duration> retention = new LinkedHashMap<>();
        for (Tenant tenant : tenants) {
            // Also tenants that record no longer: what they recorded before is still deleted in time.
            retention.put(tenant.id(), tenant.recording().retention());
        }
        this.rule = new RetentionRule(archive, retention, clock);
        this.metrics = metrics;
    }

    /** Runs every {@code interval} (the first run one minute after start, or sooner for short intervals). */
    public void schedule(ScheduledExecutorService timers, Executor blocking, Duration interval) {
        long first = Math.min(Duration.ofMinutes(1).toMillis(), interval.toMillis());
        schedule = timers.scheduleWithFixedDelay(() -> blocking.execute(this::runOnce), first, interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** One run: deletes what is due, logs and counts it per tenant. Blocks. */
    public Map<String, Integer> runOnce() {
        try {
            Map<String, Integer> deleted = rule.runOnce();
            deleted.forEach((tenant, count) -> {
                metrics.recordingsDeleted(tenant, count);
                log.atInfo().setMessage("Recordings past retention deleted").addKeyValue("tenant", tenant)
                        .addKeyValue("count", count).log();
            });
            return deleted;
        } catch (RuntimeException e) {
            log.atWarn().setMessage("Recording retention run failed").setCause(e).log();
            return Map.of();
        }
    }

    @Override
    public void close() {
        if (schedule != null) {
            schedule.cancel(false);
        }
    }
}
