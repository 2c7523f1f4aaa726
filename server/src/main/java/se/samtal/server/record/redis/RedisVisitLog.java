package se.samtal.server.record.redis;

import se.samtal.redis.KeySpace;
import se.samtal.redis.Redis;
import se.samtal.redis.RedisScript;
import se.samtal.server.record.VisitEvent;
import se.samtal.server.record.VisitEventCodec;
import se.samtal.server.record.VisitLog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Visit logs in Redis (cluster mode): a list per session ({@code vl:<session>}, events as JSON in
 * the order appended) and two indexes per tenant, by scheduled start ({@code vl:bystart}) and by
 * newest event ({@code vl:last}, for retention). All in the tenant's slot: one script appends a
 * batch of a tenant's events atomically.
 */
public final class RedisVisitLog implements VisitLog {
    private static final RedisScript APPEND = RedisScript.load(RedisVisitLog.class, "append.lua");
    private static final RedisScript BY_START = RedisScript.load(RedisVisitLog.class, "by_start.lua");
    private static final RedisScript DELETE = RedisScript.load(RedisVisitLog.class, "delete.lua");

    private final Redis redis;
    private final KeySpace keys;

    public RedisVisitLog(Redis redis, KeySpace keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public void append(List<Entry> entries) {
        var byTenant = new LinkedHashMap<String, List<Entry>>();
        entries.forEach(e -> byTenant.computeIfAbsent(e.tenantId(), k -> new ArrayList<>()).add(e));
        byTenant.forEach((tenant, list) -> {
            String t = keys.tenant(tenant);
            var args = new ArrayList<String>();
            args.add(t);
            for (Entry e : list) {
                args.add(e.sessionId());
                args.add(e.scheduledStart() == null ? "" : String.valueOf(e.scheduledStart().toEpochMilli()));
                args.add(String.valueOf(e.event().at().toEpochMilli()));
                args.add(VisitEventCodec.write(e.event()));
            }
            APPEND.run(redis.commands(), List.of(t + "vl:bystart"), args);
        });
    }

    @Override
    public List<VisitEvent> events(String tenantId, String sessionId) {
        return redis.commands().lrange(keys.tenant(tenantId) + "vl:" + sessionId, 0, -1).stream()
                .map(VisitEventCodec::read).toList();
    }

    @Override
    public Map<String, List<VisitEvent>> byScheduledStart(String tenantId, Instant from, Instant to) {
        String t = keys.tenant(tenantId);
        Object found = BY_START.run(redis.commands(), List.of(t + "vl:bystart"),
                List.of(t, String.valueOf(from.toEpochMilli()), String.valueOf(to.toEpochMilli())));
        var result = new LinkedHashMap<String, List<VisitEvent>>();
        for (Object pair : (List<?>) found) {
            var p = (List<?>) pair;
            result.put(text(p.get(0)), ((List<?>) p.get(1)).stream().map(e -> VisitEventCodec.read(text(e))).toList());
        }
        return result;
    }

    @Override
    public List<String> olderThan(String tenantId, Instant cutoff, int skip, int limit) {
        return redis.commands().zrangeByScore(keys.tenant(tenantId) + "vl:last", "-inf", "(" + cutoff.toEpochMilli(), skip, limit);
    }

    @Override
    public int delete(String tenantId, Collection<String> sessionIds) {
        if (sessionIds.isEmpty()) {
            return 0;
        }
        String t = keys.tenant(tenantId);
        var args = new ArrayList<String>();
        args.add(t);
        args.addAll(sessionIds);
        return ((Long) DELETE.run(redis.commands(), List.of(t + "vl:bystart"), args)).intValue();
    }

    @Override
    public boolean isHealthy() {
        return redis.ping();
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(value);
    }
}
