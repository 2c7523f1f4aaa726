package se.samtal.chat.store.redis;

import com.fasterxml.jackson.databind.JsonNode;
import redis.clients.jedis.resps.StreamEntry;
import se.samtal.chat.message.Message;
import se.samtal.chat.message.MessageText;
import se.samtal.chat.store.Append;
import se.samtal.chat.store.Appended;
import se.samtal.chat.store.HistoryPage;
import se.samtal.chat.store.HistoryQuery;
import se.samtal.chat.store.MessageStore;
import se.samtal.chat.store.PurgeResult;
import se.samtal.chat.store.Receipt;
import se.samtal.chat.store.Snapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.redis.Redis;
import se.samtal.redis.RedisFailures;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Messages and receipts in Redis (cluster mode): a conversation's messages are a stream whose
 * entry ids are their sequence numbers, so order, paging and retention (a prefix, trimmed by
 * id) are the stream's own. Each append is one script that checks membership and the
 * idempotency key, numbers the message and stores it, atomically; an append is acknowledged
 * when Redis answered, so it is as durable as Redis' persistence is configured
 * ({@code appendfsync always}: on disk before the answer). An append whose answer never came
 * (the connection broke after the script was sent) fails with {@code outcome_unknown}: it may have
 * been stored; the same idempotency key again tells.
 */
public final class RedisMessageStore implements MessageStore {
    private static final Logger log = LoggerFactory.getLogger(RedisMessageStore.class);
    private final Redis redis;
    private final ChatKeys keys;
    private final ChatScripts scripts;
    private final AppendQueues appends;

    /** @param executor runs the appends (each conversation's one after another); virtual threads suit it */
    public RedisMessageStore(Redis redis, String keyPrefix, Executor executor) {
        this.redis = redis;
        this.keys = new ChatKeys(keyPrefix);
        this.scripts = new ChatScripts(redis, keys, ChatJson.MAPPER);
        this.appends = new AppendQueues(executor);
    }

    @Override
    public CompletableFuture<Appended> append(Append a) {
        return appends.submit(keys.conversation(a.tenantId(), a.conversationId()), () -> {
            JsonNode result;
            try {
                result = scripts.run(ChatScripts.APPEND, a.tenantId(), a.conversationId(), a.senderRef(),
                        a.idempotencyKey(), a.text(), String.valueOf(a.sentAt().truncatedTo(ChronoUnit.MILLIS).toEpochMilli()));
            } catch (RuntimeException e) {
                if (RedisFailures.outcomeUnknown(e)) {
                    // The script was sent, and the answer never came: it may have stored the message.
                    log.atWarn().setMessage("No answer from Redis to an append; its outcome is unknown")
                            .addKeyValue("tenant", a.tenantId()).addKeyValue("conversation", a.conversationId())
                            .addKeyValue("reason", e.getMessage()).log();
                    throw new SamtalException(ErrorCode.OUTCOME_UNKNOWN, ErrorCode.OUTCOME_UNKNOWN.defaultMessage(), e);
                }
                throw e;
            }
            return new Appended(ChatJson.message(a.conversationId(), result.get("message")), result.get("duplicate").asBoolean(),
                    ChatJson.conversation(a.tenantId(), result.get("conversation")), ChatJson.members(result.get("members")));
        });
    }

    @Override
    public Snapshot read(String tenantId, String conversationId, String memberRef, HistoryQuery query) {
        String mode = query.afterSeq() != null ? "after" : query.beforeSeq() != null ? "before" : "latest";
        long bound = query.afterSeq() != null ? query.afterSeq() : query.beforeSeq() != null ? query.beforeSeq() : 0;
        JsonNode r = scripts.run(ChatScripts.READ, tenantId, conversationId, memberRef, mode, String.valueOf(bound),
                String.valueOf(query.limit() + 1));
        var rows = new ArrayList<Message>();
        for (JsonNode row : ChatJson.list(r.get("rows"))) {
            rows.add(ChatJson.message(conversationId, row));
        }
        var taken = new ArrayList<Message>();
        long bytes = 0;
        for (Message m : rows) {
            if (taken.size() == query.limit() || (!taken.isEmpty() && bytes + MessageText.utf8Length(m.text()) > query.maxBytes())) {
                break;
            }
            taken.add(m);
            bytes += MessageText.utf8Length(m.text());
        }
        boolean more = taken.size() < rows.size();
        if (!mode.equals("after")) {
            Collections.reverse(taken);
        }
        var page = new HistoryPage(taken, more, r.get("historyStart").asLong(), r.get("lastSeq").asLong());
        return new Snapshot(ChatJson.conversation(tenantId, r.get("conversation")), ChatJson.members(r.get("members")),
                ChatJson.member(r.get("you")), r.get("unread").asInt(), page);
    }

    @Override
    public Receipt mark(String tenantId, String conversationId, String memberRef, Long deliveredSeq, Long readSeq) {
        JsonNode r = scripts.run(ChatScripts.MARK, tenantId, conversationId, memberRef,
                deliveredSeq == null ? "" : deliveredSeq.toString(), readSeq == null ? "" : readSeq.toString());
        return new Receipt(r.get("memberId").asText(), r.get("deliveredSeq").asLong(), r.get("readSeq").asLong(),
                r.get("changed").asBoolean(), r.get("unread").asInt());
    }

    @Override
    public Map<String, Integer> unread(String tenantId, String conversationId) {
        var counts = new LinkedHashMap<String, Integer>();
        for (JsonNode entry : ChatJson.list(scripts.run(ChatScripts.UNREAD, tenantId, conversationId).get("counts"))) {
            counts.put(entry.get("memberId").asText(), entry.get("unread").asInt());
        }
        return counts;
    }

    @Override
    public List<Message> export(String tenantId, String conversationId, long afterSeq, int limit) {
        List<StreamEntry> entries = redis.commands().xrange(keys.messages(tenantId, conversationId), "(" + afterSeq + "-0", "+",
                limit);
        var messages = new ArrayList<Message>(entries.size());
        for (StreamEntry entry : entries) {
            Map<String, String> f = entry.getFields();
            messages.add(new Message(conversationId, entry.getID().getTime(), f.get("s"), se.samtal.protocol.Role.fromWire(f.get("r")),
                    f.get("n"), f.get("b"), Instant.ofEpochMilli(Long.parseLong(f.get("t"))), f.get("k")));
        }
        return messages;
    }

    @Override
    public PurgeResult purge(String tenantId, Instant cutoff, int limit) {
        JsonNode r = scripts.run(ChatScripts.PURGE, tenantId, String.valueOf(cutoff.toEpochMilli()), String.valueOf(limit));
        return new PurgeResult(r.get("messages").asInt(), r.get("conversations").asInt(), r.get("more").asBoolean());
    }
}
