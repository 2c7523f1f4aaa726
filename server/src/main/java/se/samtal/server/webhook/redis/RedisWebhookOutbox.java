package se.samtal.server.webhook.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import se.samtal.protocol.WireCodec;
import se.samtal.redis.KeySpace;
import se.samtal.redis.Redis;
import se.samtal.redis.RedisScript;
import se.samtal.server.webhook.OutboxEvent;
import se.samtal.server.webhook.WebhookOutbox;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;


/**
 * The outbox in Redis (cluster mode), per tenant in the tenant's slot: the events
 * ({@code …wh:ev}, id → JSON), a queue of ids per key ({@code …wh:q:<key>}), the keys by when
 * they may next be claimed ({@code …wh:due}), and the claims ({@code …wh:claim:<key>}: the node,
 * with a lease). Each step is one script, so two nodes never claim the same key, and a node that
 * dies holding a claim leaves it to run out: the key is due again by itself.
 */
public final class RedisWebhookOutbox implements WebhookOutbox {

    @Override
    public boolean shared() {
        return true;
    }
    private static final RedisScript ADD = RedisScript.load(RedisWebhookOutbox.class, "add.lua");
    private static final RedisScript CLAIM = RedisScript.load(RedisWebhookOutbox.class, "claim.lua");
    private static final RedisScript DONE = RedisScript.load(RedisWebhookOutbox.class, "done.lua");
    private static final RedisScript RETRY = RedisScript.load(RedisWebhookOutbox.class, "retry.lua");

    private final Redis redis;
    private final KeySpace keys;
    private final List<String> tenants;
    private final ObjectMapper json = WireCodec.newMapper();

    public RedisWebhookOutbox(Redis redis, KeySpace keys, List<String> tenants) {
        this.redis = redis;
        this.keys = keys;
        this.tenants = List.copyOf(tenants);
    }

    private List<String> route(String tenantId) {
        return List.of(keys.tenant(tenantId) + "wh:due");
    }

    @Override
    public void add(List<OutboxEvent> events) {
        var byTenant = new LinkedHashMap<String, List<OutboxEvent>>();
        events.forEach(e -> byTenant.computeIfAbsent(e.tenantId(), t -> new ArrayList<>()).add(e));
        byTenant.forEach((tenant, list) -> {
            var args = new ArrayList<String>();
            args.add(keys.tenant(tenant));
            for (OutboxEvent e : list) {
                args.add(e.id());
                args.add(e.key());
                args.add(write(e));
                args.add(Long.toString(e.createdAt().toEpochMilli()));
            }
            ADD.run(redis.commands(), route(tenant), args);
        });
    }

    @Override
    public List<OutboxEvent> claim(String node, int max, Instant now, Duration lease) {
        var claimed = new ArrayList<OutboxEvent>();
        for (String tenant : tenants) {
            if (claimed.size() >= max) {
                break;
            }
            var reply = (List<?>) CLAIM.run(redis.commands(), route(tenant), List.of(keys.tenant(tenant),
                    Long.toString(now.toEpochMilli()), node, Long.toString(lease.toMillis()), Integer.toString(max - claimed.size())));
            for (Object one : reply) {
                claimed.add(read((String) one));
            }
        }
        return claimed;
    }

    @Override
    public void done(String node, OutboxEvent event) {
        // The key's next event is due at once (0: before any now).
        DONE.run(redis.commands(), route(event.tenantId()), List.of(keys.tenant(event.tenantId()), event.key(), event.id(), node, "0"));
    }

    @Override
    public void retry(String node, OutboxEvent event, Instant at) {
        var next = new OutboxEvent(event.id(), event.tenantId(), event.key(), event.type(), event.body(), event.createdAt(),
                event.attempts() + 1);
        RETRY.run(redis.commands(), route(event.tenantId()), List.of(keys.tenant(event.tenantId()), event.key(), event.id(), node,
                Long.toString(at.toEpochMilli()), write(next)));
    }

    @Override
    public long pending() {
        long count = 0;
        for (String tenant : tenants) {
            count += redis.commands().hlen(keys.tenant(tenant) + "wh:ev");
        }
        return count;
    }

    private String write(OutboxEvent e) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("id", e.id());
        fields.put("tenant", e.tenantId());
        fields.put("key", e.key());
        fields.put("type", e.type());
        fields.put("body", e.body());
        fields.put("createdAt", e.createdAt().toEpochMilli());
        fields.put("attempts", e.attempts());
        try {
            return json.writeValueAsString(fields);
        } catch (JsonProcessingException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private OutboxEvent read(String text) {
        try {
            JsonNode n = json.readTree(text);
            return new OutboxEvent(n.get("id").asText(), n.get("tenant").asText(), n.get("key").asText(), n.get("type").asText(),
                    n.get("body").asText(), Instant.ofEpochMilli(n.get("createdAt").asLong()), n.get("attempts").asInt());
        } catch (JsonProcessingException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The Redis client belongs to the cluster, which closes it. */
    @Override
    public void close() {
    }

}
