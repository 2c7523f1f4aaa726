package se.samtal.server.config;

import java.time.Duration;

/**
 * What a tenant (the care provider) decides about its audit trail.
 *
 * @param retentionDays entries are kept this many days, then purged oldest first (the chain stays
 *                      verifiable from the purge's anchor); at least as long as chat messages are kept
 */
public record TenantAuditConfig(Integer retentionDays) {
    static final int DEFAULT_RETENTION_DAYS = 3650;
    static final int MIN_RETENTION_DAYS = 30;
    static final int MAX_RETENTION_DAYS = 36_500;

    public TenantAuditConfig {
        retentionDays = retentionDays != null ? retentionDays : DEFAULT_RETENTION_DAYS;
    }

    static TenantAuditConfig defaults() {
        return new TenantAuditConfig(null);
    }

    public Duration retention() {
        return Duration.ofDays(retentionDays);
    }

    void validate(String key, Problems problems, int chatRetentionDays) {
        problems.range(retentionDays, MIN_RETENTION_DAYS, MAX_RETENTION_DAYS, key + ".retentionDays");
        problems.require(retentionDays >= chatRetentionDays, key + ".retentionDays",
                "must not be shorter than chat.retentionDays: the log of who read a message must outlive the message");
    }
}
