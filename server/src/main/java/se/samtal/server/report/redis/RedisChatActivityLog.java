package se.samtal.server.report.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import se.samtal.protocol.Role;
import se.samtal.redis.KeySpace;
import se.samtal.redis.Redis;
import se.samtal.redis.RedisScript;
import se.samtal.server.report.ChatActivity;
import se.samtal.server.report.ChatActivityLog;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Care conversations' activity in Redis (cluster mode): one sorted set per tenant
 * ({@code ca:log}, by time; each entry {@code <conversation>|<json>}, so the same entry is kept
 * once) and a set per conversation ({@code ca:cv:<conversation>}) for deleting a conversation's.
 */
public final class RedisChatActivityLog implements ChatActivityLog {
    private static final RedisScript APPEND = RedisScript.load(RedisChatActivityLog.class, "append.lua");
    private static final RedisScript PURGE = RedisScript.load(RedisChatActivityLog.class, "purge.lua");
    private static final RedisScript DELETE = RedisScript.load(RedisChatActivityLog.class, "delete_conversation.lua");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Redis redis;
    private final KeySpace keys;

    public RedisChatActivityLog(Redis redis, KeySpace keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public void append(List<ChatActivity> activity) {
        var byTenant = new LinkedHashMap<String, List<ChatActivity>>();
        activity.forEach(a -> byTenant.computeIfAbsent(a.tenantId(), k -> new ArrayList<>()).add(a));
        byTenant.forEach((tenant, list) -> {
            String t = keys.tenant(tenant);
            var args = new ArrayList<String>();
            args.add(t);
            for (ChatActivity a : list) {
                args.add(String.valueOf(a.at().toEpochMilli()));
                args.add(a.conversationId());
                args.add(a.conversationId() + "|" + write(a));
            }
            APPEND.run(redis.commands(), List.of(t + "ca:log"), args);
        });
    }

    @Override
    public List<ChatActivity> between(String tenantId, Instant from, Instant to) {
        var found = redis.commands().zrangeByScore(keys.tenant(tenantId) + "ca:log", String.valueOf(from.toEpochMilli()),
                "(" + to.toEpochMilli());
        return found.stream().map(m -> read(tenantId, m)).toList();
    }

    @Override
    public int purge(String tenantId, Instant cutoff, int limit) {
        String t = keys.tenant(tenantId);
        return ((Long) PURGE.run(redis.commands(), List.of(t + "ca:log"),
                List.of(t, String.valueOf(cutoff.toEpochMilli()), String.valueOf(limit)))).intValue();
    }

    @Override
    public void deleteConversation(String tenantId, String conversationId) {
        String t = keys.tenant(tenantId);
        DELETE.run(redis.commands(), List.of(t + "ca:log"), List.of(t, conversationId));
    }

    private static String write(ChatActivity a) {
        var o = JSON.createObjectNode().put("w", a.what().wire()).put("seq", a.seq()).put("at", a.at().toEpochMilli());
        if (a.role() != null) {
            o.put("role", a.role().wire());
        }
        if (a.dueBy() != null) {
            o.put("due", a.dueBy().toEpochMilli());
        }
        if (a.closingCode() != null) {
            o.put("code", a.closingCode());
        }
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ChatActivity read(String tenantId, String member) {
        int bar = member.indexOf('|');
        try {
            JsonNode o = JSON.readTree(member.substring(bar + 1));
            return new ChatActivity(tenantId, member.substring(0, bar), ChatActivity.What.fromWire(o.get("w").asText()),
                    o.get("seq").asLong(), o.hasNonNull("role") ? Role.fromWire(o.get("role").asText()) : null,
                    Instant.ofEpochMilli(o.get("at").asLong()), o.hasNonNull("due") ? Instant.ofEpochMilli(o.get("due").asLong()) : null,
                    o.hasNonNull("code") ? o.get("code").asText() : null);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
