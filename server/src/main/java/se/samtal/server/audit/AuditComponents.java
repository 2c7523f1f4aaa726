package se.samtal.server.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import se.samtal.audit.AuditLog;
import se.samtal.audit.retention.AuditRetention;
import se.samtal.audit.store.AuditStore;
import se.samtal.audit.store.redis.RedisAuditStore;
import se.samtal.audit.store.sqlite.SqliteAuditStore;
import se.samtal.audit.store.sqlite.TrailMove;
import se.samtal.server.config.AuditConfig;
import se.samtal.server.metrics.SamtalMetrics;
import se.samtal.server.tenant.Tenant;
import se.samtal.server.tenant.Tenants;
import se.samtal.sqlite.SqliteDatabase;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The audit trail, put together for the server: its store (embedded in {@code <dataDir>/chat.db}
 * beside the messages, or Redis with {@code audit.redisUrl}), the log with its JSON stream and metrics, and the retention
 * schedule with each tenant's audit retention.
 */
public final class AuditComponents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuditComponents.class);
    /** The first retention run comes this long after start, then every {@code audit.purgeInterval}. */
    private static final Duration FIRST_PURGE = Duration.ofMinutes(2);

    private final RedisClient redis;
    private final AuditStore store;
    private final AuditMetrics metrics;
    private final AuditTrail trail;
    private final AuditRetention retention;

    /**
     * @param chatDb the embedded chat database, opened with the audit tables as a guest: where the
     *               trail is kept unless {@code audit.redisUrl} is set (a trail still in
     *               {@code <dataDir>/audit.db} is moved into it first); null in cluster mode
     */
    public AuditComponents(AuditConfig config, Path dataDir, SqliteDatabase chatDb, Tenants tenants, SamtalMetrics metrics,
                           Clock clock) {
        boolean withChat = false;
        if (config.redisUrl() != null) {
            redis = RedisClient.create(URI.create(config.redisUrl()));
            store = new RedisAuditStore(redis);
        } else if (chatDb != null) {
            redis = null;
            TrailMove.into(chatDb, dataDir.resolve("audit.db"));
            store = SqliteAuditStore.sharing(chatDb);
            withChat = true;
        } else {
            throw new IllegalStateException("the audit trail needs audit.redisUrl or the embedded chat database");
        }
        this.metrics = new AuditMetrics(metrics);
        var auditLog = new AuditLog(store, this.metrics, clock);
        metrics.gauge("samtal_audit_failing", "1 while the audit trail cannot store entries (they wait and are tried again), else 0.",
                () -> auditLog.isFailing() ? 1 : 0);
        trail = new AuditTrail(auditLog, clock, withChat);
        var retentionByTenant = new LinkedHashMap<String, Duration>();
        for (Tenant tenant : tenants.all()) {
            retentionByTenant.put(tenant.id(), tenant.audit().retention());
        }
        retentionByTenant.put(AuditTrail.UNATTRIBUTED, Duration.ofDays(config.unattributedRetentionDays()));
        retention = new AuditRetention(auditLog, retentionByTenant, clock);
    }

    public AuditTrail trail() {
        return trail;
    }

    /** Runs audit retention on {@code blocking} now and then, every {@code interval}. */
    public void scheduleRetention(ScheduledExecutorService timers, Executor blocking, Duration interval) {
        timers.scheduleWithFixedDelay(() -> blocking.execute(this::purge), FIRST_PURGE.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void purge() {
        try {
            retention.runOnce().forEach(metrics::purged);
        } catch (RuntimeException e) {
            log.atError().setMessage("Audit retention failed; it runs again at the next interval").setCause(e).log();
        }
    }

    public boolean isHealthy() {
        return store.isHealthy();
    }

    /** Finishes the events already queued (waiting at most 10 s for a store that fails), then closes the store. */
    @Override
    public void close() {
        trail.log().close(Duration.ofSeconds(10));
        store.close();
        if (redis != null) {
            redis.close();
        }
    }
}
