package se.samtal.server.dropin.redis;

import se.samtal.redis.KeySpace;
import se.samtal.redis.Redis;
import se.samtal.redis.RedisScript;
import se.samtal.server.dropin.DropIn;
import se.samtal.server.dropin.DropInStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Drop-ins in Redis (cluster mode), all of a tenant's keys in its hash slot: a hash per drop-in
 * ({@code di:<conversation>}), the two secrets' HMACs pointing at it ({@code di:k:<hmac>},
 * {@code di:c:<hmac>}), a set of each entry's open ones ({@code di:open:<entry>}) and the closed
 * ones by closing time ({@code di:closed}). Changes that touch several keys are one script.
 */
public final class RedisDropInStore implements DropInStore {
    // KEYS: tenant prefix's open set of the entry. ARGV: prefix, max open, conversation, entry, ref, key, code, created
    private static final RedisScript CREATE = RedisScript.of("drop_in_create", """
            local p = ARGV[1]
            if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
            redis.call('HSET', p .. 'di:' .. ARGV[3], 'entry', ARGV[4], 'ref', ARGV[5], 'key', ARGV[6], 'code', ARGV[7],
              'created', ARGV[8])
            redis.call('SET', p .. 'di:k:' .. ARGV[6], ARGV[3])
            redis.call('SET', p .. 'di:c:' .. ARGV[7], ARGV[3])
            redis.call('SADD', KEYS[1], ARGV[3])
            return 1
            """);
    // KEYS: the drop-in's hash. ARGV: prefix, conversation, closed at (millis) or '' to reopen
    private static final RedisScript CLOSED = RedisScript.of("drop_in_closed", """
            local p = ARGV[1]
            local entry = redis.call('HGET', KEYS[1], 'entry')
            if not entry then return 0 end
            if ARGV[3] == '' then
              redis.call('HDEL', KEYS[1], 'closed')
              redis.call('SADD', p .. 'di:open:' .. entry, ARGV[2])
              redis.call('ZREM', p .. 'di:closed', ARGV[2])
            else
              redis.call('HSET', KEYS[1], 'closed', ARGV[3])
              redis.call('SREM', p .. 'di:open:' .. entry, ARGV[2])
              redis.call('ZADD', p .. 'di:closed', tonumber(ARGV[3]), ARGV[2])
            end
            return 1
            """);
    // KEYS: the drop-in's hash. ARGV: prefix, conversation
    private static final RedisScript DELETE = RedisScript.of("drop_in_delete", """
            local p = ARGV[1]
            local d = redis.call('HMGET', KEYS[1], 'entry', 'key', 'code')
            if not d[1] then return 0 end
            redis.call('DEL', KEYS[1], p .. 'di:k:' .. d[2], p .. 'di:c:' .. d[3])
            redis.call('SREM', p .. 'di:open:' .. d[1], ARGV[2])
            redis.call('ZREM', p .. 'di:closed', ARGV[2])
            return 1
            """);

    // KEYS: the drop-in's hash. ARGV: expected claimant ('' for none), new claimant ('' for none), new claimant's name
    private static final RedisScript MOVE_CLAIM = RedisScript.of("drop_in_move_claim", """
            if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
            local now = redis.call('HGET', KEYS[1], 'claimedBy') or ''
            if now ~= ARGV[1] then return 0 end
            if ARGV[2] == '' then
              redis.call('HDEL', KEYS[1], 'claimedBy', 'claimedByName')
            else
              redis.call('HSET', KEYS[1], 'claimedBy', ARGV[2], 'claimedByName', ARGV[3])
            end
            return 1
            """);

    private final Redis redis;
    private final KeySpace keys;

    public RedisDropInStore(Redis redis, KeySpace keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public boolean create(DropIn d, int maxOpen) {
        String t = keys.tenant(d.tenantId());
        Object created = CREATE.run(redis.commands(), List.of(t + "di:open:" + d.entryId()), List.of(t, String.valueOf(maxOpen),
                d.conversationId(), d.entryId(), d.personRef(), d.keyHash(), d.codeHash(),
                String.valueOf(d.createdAt().toEpochMilli())));
        return Long.valueOf(1).equals(created);
    }

    @Override
    public Optional<DropIn> byKeyHash(String tenantId, String keyHash) {
        return pointer(tenantId, "di:k:" + keyHash);
    }

    @Override
    public Optional<DropIn> byCodeHash(String tenantId, String codeHash) {
        return pointer(tenantId, "di:c:" + codeHash);
    }

    private Optional<DropIn> pointer(String tenantId, String key) {
        String conversationId = redis.commands().get(keys.tenant(tenantId) + key);
        return conversationId == null ? Optional.empty() : byConversation(tenantId, conversationId);
    }

    @Override
    public Optional<DropIn> byConversation(String tenantId, String conversationId) {
        Map<String, String> h = redis.commands().hgetAll(keys.tenant(tenantId) + "di:" + conversationId);
        if (h == null || h.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DropIn(tenantId, conversationId, h.get("entry"), h.get("ref"), h.get("key"), h.get("code"),
                Instant.ofEpochMilli(Long.parseLong(h.get("created"))), instant(h.get("closed")), instant(h.get("blocked")),
                h.get("claimedBy"), h.get("claimedByName"), h.get("visit")));
    }

    @Override
    public void closed(String tenantId, String conversationId, Instant at) {
        String t = keys.tenant(tenantId);
        CLOSED.run(redis.commands(), List.of(t + "di:" + conversationId),
                List.of(t, conversationId, at == null ? "" : String.valueOf(at.toEpochMilli())));
    }

    @Override
    public boolean block(String tenantId, String conversationId, Instant at) {
        String key = keys.tenant(tenantId) + "di:" + conversationId;
        if (!redis.commands().exists(key)) {
            return false;
        }
        redis.commands().hsetnx(key, "blocked", String.valueOf(at.toEpochMilli()));
        return true;
    }

    @Override
    public List<DropIn> open(String tenantId, String entryId, int limit) {
        var all = new ArrayList<DropIn>();
        for (String id : redis.commands().smembers(keys.tenant(tenantId) + "di:open:" + entryId)) {
            byConversation(tenantId, id).filter(DropIn::isOpen).ifPresent(all::add);
        }
        all.sort(java.util.Comparator.comparing(DropIn::createdAt).thenComparing(DropIn::conversationId));
        return all.size() > limit ? List.copyOf(all.subList(0, limit)) : all;
    }

    @Override
    public Optional<DropIn> moveClaim(String tenantId, String conversationId, String from, String to, String toName) {
        String key = keys.tenant(tenantId) + "di:" + conversationId;
        Object moved = MOVE_CLAIM.run(redis.commands(), List.of(key), List.of(from == null ? "" : from, to == null ? "" : to,
                toName == null ? "" : toName));
        return Long.valueOf(1).equals(moved) ? byConversation(tenantId, conversationId) : Optional.empty();
    }

    @Override
    public void offerVisit(String tenantId, String conversationId, String sessionId) {
        String key = keys.tenant(tenantId) + "di:" + conversationId;
        if (redis.commands().exists(key)) {
            redis.commands().hset(key, "visit", sessionId);
        }
    }

    @Override
    public int openCount(String tenantId, String entryId) {
        return (int) redis.commands().scard(keys.tenant(tenantId) + "di:open:" + entryId);
    }

    @Override
    public List<DropIn> closedBefore(String tenantId, Instant cutoff, int limit) {
        var ids = redis.commands().zrangeByScore(keys.tenant(tenantId) + "di:closed", 0, cutoff.toEpochMilli() - 1, 0, limit);
        var result = new ArrayList<DropIn>();
        for (String id : ids) {
            byConversation(tenantId, id).ifPresent(result::add);
        }
        return result;
    }

    @Override
    public void delete(String tenantId, String conversationId) {
        String t = keys.tenant(tenantId);
        DELETE.run(redis.commands(), List.of(t + "di:" + conversationId), List.of(t, conversationId));
    }

    @Override
    public boolean isHealthy() {
        return redis.ping();
    }

    private static Instant instant(String millis) {
        return millis == null ? null : Instant.ofEpochMilli(Long.parseLong(millis));
    }
}
