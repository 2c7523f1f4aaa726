package se.samtal.recording.retention;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each tenant's recordings are deleted once they are older than its retention, and no sooner. */
class RetentionRuleTest {
    private static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");

    /** An archive in memory that answers as a real one would: by tenant, oldest first, at most the limit. */
    static final class ListArchive implements RecordingArchive {
        final List<StoredRecording> kept = new ArrayList<>();

        void add(String tenant, String id, Duration endedAgo) {
            Instant ended = NOW.minus(endedAgo);
            kept.add(new StoredRecording(tenant, "s-" + id, id, ended.minus(Duration.ofMinutes(45)), ended));
        }

        @Override
        public List<StoredRecording> endedBefore(String tenantId, Instant cutoff, int limit) {
            return kept.stream().filter(r -> r.tenantId().equals(tenantId) && r.endedAt().isBefore(cutoff))
                    .sorted(Comparator.comparing(StoredRecording::endedAt)).limit(limit).toList();
        }

        @Override
        public boolean delete(String tenantId, String recordingId) {
            return kept.removeIf(r -> r.tenantId().equals(tenantId) && r.recordingId().equals(recordingId));
        }
    }

    @Test
    void recordingsOlderThanTheirTenantsRetentionAreDeleted() {
        var archive = new ListArchive();
        archive.add("region-a", "a-old", Duration.ofDays(31));
        archive.add("region-a", "a-new", Duration.ofDays(29));
        archive.add("provider-b", "b-old", Duration.ofDays(8));
        archive.add("provider-b", "b-new", Duration.ofDays(6));
        var rule = new RetentionRule(archive, Map.of("region-a", Duration.ofDays(30), "provider-b", Duration.ofDays(7)),
                Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(rule.runOnce()).isEqualTo(Map.of("region-a", 1, "provider-b", 1));
        assertThat(archive.kept).extracting(StoredRecording::recordingId).containsExactlyInAnyOrder("a-new", "b-new");
        assertThat(rule.runOnce()).as("nothing more is due").isEmpty();
    }

    @Test
    void manyExpiredRecordingsAreDeletedInBatches() {
        var archive = new ListArchive();
        for (int i = 0; i < RetentionRule.BATCH * 2 + 5; i++) {
            archive.add("region-a", "r" + i, Duration.ofDays(40));
        }
        var rule = new RetentionRule(archive, Map.of("region-a", Duration.ofDays(30)), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(rule.runOnce()).containsEntry("region-a", RetentionRule.BATCH * 2 + 5);
        assertThat(archive.kept).isEmpty();
    }

    @Test
    void aTenantWithoutRetentionIsLeftAloneAndRetentionMustBePositive() {
        var archive = new ListArchive();
        archive.add("other", "x", Duration.ofDays(4000));
        new RetentionRule(archive, Map.of("region-a", Duration.ofDays(1)), Clock.fixed(NOW, ZoneOffset.UTC)).runOnce();
        assertThat(archive.kept).hasSize(1);
        assertThatThrownBy(() -> new RetentionRule(archive, Map.of("a", Duration.ZERO), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(RecordingArchive.NONE.endedBefore("a", NOW, 10)).isEmpty();
    }
}
