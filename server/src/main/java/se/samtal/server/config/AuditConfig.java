package se.samtal.server.config;

import java.net.URI;
import java.time.Duration;

/**
 * Where the audit trail is kept and how often retention runs (what a tenant decides is in its
 * {@code audit:}).
 *
 * @param redisUrl                  {@code redis://} or {@code rediss://} URL: keep the trail in
 *                                  Redis; unset: in {@code <dataDir>/audit.db}, or in cluster mode
 *                                  on the cluster's Redis when {@code redis.url} is a plain
 *                                  {@code redis://} or {@code rediss://} URL
 * @param purgeInterval             how often audit retention runs
 * @param unattributedRetentionDays how long entries that name no tenant (refused tokens and API
 *                                  keys whose tenant is unknown) are kept
 */
public record AuditConfig(String redisUrl, Duration purgeInterval, Integer unattributedRetentionDays) {

    public AuditConfig {
        purgeInterval = purgeInterval != null ? purgeInterval : Duration.ofHours(6);
        unattributedRetentionDays = unattributedRetentionDays != null ? unattributedRetentionDays
                : TenantAuditConfig.DEFAULT_RETENTION_DAYS;
    }

    /** The same settings, with the trail kept on the Redis server at {@code url}. */
    AuditConfig onRedis(String url) {
        return new AuditConfig(url, purgeInterval, unattributedRetentionDays);
    }

    static AuditConfig defaults() {
        return new AuditConfig(null, null, null);
    }

    void validate(Problems problems) {
        if (redisUrl != null) {
            boolean valid;
            try {
                URI uri = URI.create(redisUrl);
                valid = ("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme())) && uri.getHost() != null;
            } catch (IllegalArgumentException e) {
                valid = false;
            }
            problems.require(valid, "audit.redisUrl", "must be a redis:// or rediss:// URL with a host");
        }
        problems.positive(purgeInterval, "audit.purgeInterval");
        problems.range(unattributedRetentionDays, TenantAuditConfig.MIN_RETENTION_DAYS, TenantAuditConfig.MAX_RETENTION_DAYS,
                "audit.unattributedRetentionDays");
    }
}
