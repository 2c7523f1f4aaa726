package se.samtal.recording.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Deletes what each tenant's retention says is no longer to be kept: recordings that ended
 * longer ago than the tenant's retention. Works through the {@link RecordingArchive} port in
 * batches; the owner runs it on a schedule, off any event loop (archives block).
 */
public final class RetentionRule {
    /** Recordings deleted per look-up. */
    public static final int BATCH = 100;
    /** Batches per tenant per run at most; the next run goes on where this one stopped. */
    static final int MAX_BATCHES = 1_000;

    private final RecordingArchive archive;
    private final Map<String, Duration> retentionByTenant;
    private final Clock clock;

    /** @param retentionByTenant how long each tenant keeps a recording after it ended */
    public RetentionRule(RecordingArchive archive, Map<String, Duration> retentionByTenant, Clock clock) {
        for (Duration retention : retentionByTenant.values()) {
            if (retention.isNegative() || retention.isZero()) {
                throw new IllegalArgumentException("a retention must be positive");
            }
        }
        this.archive = archive;
        this.retentionByTenant = Map.copyOf(retentionByTenant);
        this.clock = clock;
    }

    /** One run over every tenant: how many recordings were deleted, by tenant (tenants with none left out). */
    public Map<String, Integer> runOnce() {
        Instant now = clock.instant();
        var deleted = new LinkedHashMap<String, Integer>();
        for (var entry : retentionByTenant.entrySet()) {
            String tenant = entry.getKey();
            Instant cutoff = now.minus(entry.getValue());
            int count = 0;
            for (int batch = 0; batch < MAX_BATCHES; batch++) {
                var expired = archive.endedBefore(tenant, cutoff, BATCH);
                int before = count;
                for (StoredRecording recording : expired) {
                    if (recording.tenantId().equals(tenant) && recording.endedAt().isBefore(cutoff)
                            && archive.delete(tenant, recording.recordingId())) {
                        count++;
                    }
                }
                if (expired.size() < BATCH || count == before) {
                    break;
                }
            }
            if (count > 0) {
                deleted.put(tenant, count);
            }
        }
        return deleted;
    }
}
