package se.samtal.server.recording;

import org.junit.jupiter.api.Test;
import se.samtal.recording.consent.ConsentRecord;
import se.samtal.recording.recorder.RecordingTarget;
import se.samtal.server.config.TenantConfig;
import se.samtal.server.config.TenantRecordingConfig;
import se.samtal.server.metrics.SamtalMetrics;
import se.samtal.server.testing.FakeRecorder;
import se.samtal.server.tenant.Tenants;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Recordings the recorder stored are deleted once past their tenant's retention, and counted. */
class RecordingRetentionJobTest {
    private static final Instant RECORDED = Instant.parse("2026-11-01T09:00:00Z");

    private static TenantConfig tenant(String id, String mode, Duration retention) {
        var text = new TenantRecordingConfig.ConsentTextConfig("v1", "Text.", null);
        return new TenantConfig(id, null, "https://" + id + ".test", null,
                new TenantConfig.KeysConfig(List.of("secret-that-is-long-enough-0123456789"), null, null), null, null, null,
                null, null, null, null, new TenantRecordingConfig(mode, null, null, null, null, null, text, retention), null);
    }

    /** The fake records at {@code RECORDED}, and stops at once. */
    private static void record(FakeRecorder recorder, String tenant, String recordingId) {
        recorder.start(new RecordingTarget(tenant, "s-" + recordingId, recordingId, List.<ConsentRecord>of()), (id, report) -> { });
        recorder.stop(recordingId);
    }

    @Test
    void recordingsPastTheirTenantsRetentionAreDeletedAndCounted() throws Exception {
        var recorder = new FakeRecorder(Clock.fixed(RECORDED, ZoneOffset.UTC));
        record(recorder, "short", "r1");
        record(recorder, "long", "r2");
        record(recorder, "off", "r3");
        var tenants = new Tenants(List.of(tenant("short", "with_consent", Duration.ofDays(7)),
                tenant("long", "with_consent", Duration.ofDays(90)), tenant("off", "disabled", Duration.ofDays(1))));
        var metrics = new SamtalMetrics();
        var job = new RecordingRetentionJob(recorder, tenants.all(), metrics, Clock.fixed(RECORDED.plus(Duration.ofDays(8)), ZoneOffset.UTC));

        assertThat(job.runOnce()).as("also a tenant that records no longer").isEqualTo(Map.of("short", 1, "off", 1));
        assertThat(recorder.stored()).extracting(r -> r.recordingId()).containsExactly("r2");
        var scrape = new ByteArrayOutputStream();
        metrics.writeTo(scrape);
        assertThat(scrape.toString(StandardCharsets.UTF_8)).contains("samtal_recordings_deleted_total{tenant=\"short\"} 1.0");
    }

    @Test
    void withoutARecorderThereIsNothingToDeleteAndEveryStartFails() {
        var job = new RecordingRetentionJob(RecordingBackends.NONE.archive(), List.of(), new SamtalMetrics(), Clock.systemUTC());
        assertThat(job.runOnce()).isEmpty();
        var reports = new java.util.ArrayList<String>();
        RecordingBackends.NONE.recorder().start(new RecordingTarget("t", "s", "r", List.of()),
                (id, report) -> reports.add(id + ":" + report));
        assertThat(reports).containsExactly("r:FAILED");
    }
}
