package se.samtal.chat.store.redis;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import se.samtal.chat.conversation.Conversation;
import se.samtal.chat.conversation.ConversationKind;
import se.samtal.chat.conversation.ConversationStatus;
import se.samtal.chat.conversation.LegalHold;
import se.samtal.chat.conversation.Member;
import se.samtal.chat.message.Message;
import se.samtal.chat.json.SettingsJson;
import se.samtal.protocol.Role;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How chat's values look in Redis. A conversation is a hash of short fields (so scripts can read
 * and change single ones); a member is a small JSON object; a message is a stream entry with
 * fields {@code s} (sender id), {@code r} (role), {@code n} (name), {@code b} (text), {@code t}
 * (sent at, epoch millis), {@code k} (idempotency key). Times are epoch milliseconds.
 */
final class ChatJson {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();
    /** For changes, where a null says "remove this field". */
    static final ObjectMapper WITH_NULLS = MAPPER.copy().setSerializationInclusion(JsonInclude.Include.ALWAYS);

    private ChatJson() {
    }

    /** The conversation's fields as the hash keeps them (null: absent). */
    static Map<String, Object> fields(Conversation c) {
        var f = new LinkedHashMap<String, Object>();
        f.put("id", c.id());
        f.put("kind", c.kind().wire());
        f.put("session", c.sessionId());
        f.put("title", c.title());
        f.put("ext", c.externalRef());
        f.put("status", c.status().wire());
        f.put("settings", SettingsJson.write(c.settings()));
        f.put("last", c.lastSeq());
        f.put("purged", c.purgedThroughSeq());
        f.put("holdSince", c.legalHold() == null ? null : c.legalHold().since().toEpochMilli());
        f.put("holdReason", c.legalHold() == null ? null : c.legalHold().reason());
        f.put("created", c.createdAt().toEpochMilli());
        f.put("activity", c.lastActivityAt().toEpochMilli());
        f.put("closed", c.closedAt() == null ? null : c.closedAt().toEpochMilli());
        f.put("closing", c.closingCode());
        return f;
    }

    /** What {@link se.samtal.chat.store.ConversationStore#update} may change, with nulls to remove fields. */
    static Map<String, Object> changeableFields(Conversation c) {
        var all = fields(c);
        var f = new LinkedHashMap<String, Object>();
        for (String name : List.of("title", "status", "settings", "holdSince", "holdReason", "closed", "closing")) {
            f.put(name, all.get(name));
        }
        return f;
    }

    static Conversation conversation(String tenantId, JsonNode h) {
        LegalHold hold = h.hasNonNull("holdSince")
                ? new LegalHold(Instant.ofEpochMilli(h.get("holdSince").asLong()), text(h, "holdReason")) : null;
        return new Conversation(tenantId, h.get("id").asText(), ConversationKind.fromWire(h.get("kind").asText()),
                text(h, "session"), text(h, "title"), text(h, "ext"), ConversationStatus.fromWire(h.get("status").asText()),
                SettingsJson.read(text(h, "settings")), h.get("last").asLong(), h.get("purged").asLong(), hold,
                Instant.ofEpochMilli(h.get("created").asLong()), Instant.ofEpochMilli(h.get("activity").asLong()),
                h.hasNonNull("closed") ? Instant.ofEpochMilli(h.get("closed").asLong()) : null, text(h, "closing"));
    }

    static Map<String, Object> member(Member m) {
        var f = new LinkedHashMap<String, Object>();
        f.put("id", m.id());
        f.put("ref", m.ref());
        f.put("role", m.role().wire());
        f.put("name", m.name());
        f.put("from", m.visibleFrom());
        f.put("dlv", m.deliveredSeq());
        f.put("read", m.readSeq());
        f.put("added", m.addedAt().toEpochMilli());
        f.put("removed", m.removedAt() == null ? null : m.removedAt().toEpochMilli());
        return f;
    }

    static Member member(JsonNode m) {
        return new Member(m.get("id").asText(), m.get("ref").asText(), Role.fromWire(m.get("role").asText()), text(m, "name"),
                m.get("from").asLong(), m.get("dlv").asLong(), m.get("read").asLong(),
                Instant.ofEpochMilli(m.get("added").asLong()),
                m.hasNonNull("removed") ? Instant.ofEpochMilli(m.get("removed").asLong()) : null);
    }

    /** A list from a script (Lua's JSON encoder writes an empty list as {}). */
    static List<JsonNode> list(JsonNode node) {
        var list = new ArrayList<JsonNode>();
        if (node != null && node.isArray()) {
            node.forEach(list::add);
        }
        return list;
    }

    static List<Member> members(JsonNode node) {
        return list(node).stream().map(ChatJson::member).toList();
    }

    /** A message from a script's row ({@code seq} plus the stream entry's fields). */
    static Message message(String conversationId, JsonNode row) {
        return new Message(conversationId, row.get("seq").asLong(), row.get("s").asText(), Role.fromWire(row.get("r").asText()),
                text(row, "n"), row.get("b").asText(), Instant.ofEpochMilli(row.get("t").asLong()), row.get("k").asText());
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
