package se.samtal.server.config;

import java.time.Duration;

/**
 * Recording settings that are the same for every tenant.
 *
 * @param purgeInterval how often recordings past their tenant's retention are deleted
 */
public record RecordingConfig(Duration purgeInterval) {
    public RecordingConfig {
        purgeInterval = purgeInterval != null ? purgeInterval : Duration.ofHours(1);
    }

    static RecordingConfig defaults() {
        return new RecordingConfig(null);
    }

    void validate(Problems problems) {
        problems.require(purgeInterval.compareTo(Duration.ofMinutes(1)) >= 0 && purgeInterval.compareTo(Duration.ofDays(1)) <= 0,
                "recording.purgeInterval", "must be between 1m and 1d");
    }
}
