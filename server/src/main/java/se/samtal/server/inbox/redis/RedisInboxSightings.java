package se.samtal.server.inbox.redis;

import se.samtal.redis.KeySpace;
import se.samtal.redis.Redis;
import se.samtal.server.inbox.InboxSightings;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * Inbox sightings in Redis (cluster mode), in the tenant's slot: per staff member a sorted set
 * entry {@code inbox:seen} (member: SHA-256 of the ref, score: when, on the node's clock), and per
 * served entry {@code inbox:entry:<entry>} (or {@code inbox:entry:*} for all). Entries older than
 * {@link #FRESH} are removed whenever someone is seen.
 */
public final class RedisInboxSightings implements InboxSightings {
    private final Redis redis;
    private final KeySpace keys;

    public RedisInboxSightings(Redis redis, KeySpace keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public void seen(String tenantId, String ref, List<String> entries, Instant at) {
        String t = keys.tenant(tenantId);
        String who = sha256(ref);
        long now = at.toEpochMilli();
        long stale = now - FRESH.toMillis();
        var commands = redis.commands();
        commands.zadd(t + "inbox:seen", now, who);
        commands.zremrangeByScore(t + "inbox:seen", 0, stale - 1);
        for (String entry : entries.isEmpty() ? List.of("*") : entries) {
            commands.zadd(t + "inbox:entry:" + entry, now, who);
            commands.zremrangeByScore(t + "inbox:entry:" + entry, 0, stale - 1);
        }
    }

    @Override
    public boolean isOnline(String tenantId, String ref, Instant now) {
        Double at = redis.commands().zscore(keys.tenant(tenantId) + "inbox:seen", sha256(ref));
        return at != null && at >= now.toEpochMilli() - FRESH.toMillis();
    }

    @Override
    public boolean anyOnlineFor(String tenantId, String entryId, Instant now) {
        String t = keys.tenant(tenantId);
        double from = now.toEpochMilli() - FRESH.toMillis();
        return redis.commands().zcount(t + "inbox:entry:" + entryId, from, Double.POSITIVE_INFINITY) > 0
                || redis.commands().zcount(t + "inbox:entry:*", from, Double.POSITIVE_INFINITY) > 0;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
