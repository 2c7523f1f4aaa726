package se.samtal.chat.store.redis;

import com.fasterxml.jackson.databind.JsonNode;
import redis.clients.jedis.exceptions.JedisException;
import se.samtal.chat.conversation.Conversation;
import se.samtal.chat.conversation.ConversationKind;
import se.samtal.chat.conversation.ConversationSettings;
import se.samtal.chat.conversation.ConversationStatus;
import se.samtal.chat.conversation.Member;
import se.samtal.chat.store.ConversationStore;
import se.samtal.chat.store.SessionChat;
import se.samtal.chat.store.SessionChatJoin;
import se.samtal.redis.Redis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Conversations and members in Redis (cluster mode). Each change is one script, atomic over the
 * tenant's hash slot; {@link #update} reads, lets the caller change, and writes only if nobody
 * changed the conversation meanwhile (else it reads again).
 */
public final class RedisConversationStore implements ConversationStore {
    private final Redis redis;
    private final ChatKeys keys;
    private final ChatScripts scripts;

    /** @param keyPrefix what every key starts with */
    public RedisConversationStore(Redis redis, String keyPrefix) {
        this.redis = redis;
        this.keys = new ChatKeys(keyPrefix);
        this.scripts = new ChatScripts(redis, keys, ChatJson.MAPPER);
    }

    @Override
    public Conversation createCare(Conversation conversation, List<Member> members, int maxOpen) {
        scripts.run(ChatScripts.CREATE_CARE, conversation.tenantId(), String.valueOf(maxOpen),
                scripts.write(ChatJson.fields(conversation)), scripts.write(members.stream().map(ChatJson::member).toList()));
        return conversation;
    }

    @Override
    public SessionChat joinSessionChat(SessionChatJoin join) {
        var fresh = new Conversation(join.tenantId(), join.conversationId(), ConversationKind.SESSION, join.sessionId(), null,
                null, ConversationStatus.OPEN, ConversationSettings.NONE, 0, 0, null, join.at(), join.at(), null);
        JsonNode result = scripts.run(ChatScripts.JOIN_SESSION_CHAT, join.tenantId(), join.sessionId(),
                scripts.write(ChatJson.fields(fresh)), scripts.write(ChatJson.member(join.candidate())),
                join.seeEarlier() ? "1" : "0");
        return new SessionChat(ChatJson.conversation(join.tenantId(), result.get("conversation")),
                ChatJson.member(result.get("member")));
    }

    @Override
    public Optional<Conversation> find(String tenantId, String conversationId) {
        return versioned(tenantId, conversationId).map(Versioned::conversation);
    }

    /** A conversation with the version {@code update} compares against. */
    private record Versioned(Conversation conversation, String version) {
    }

    private Optional<Versioned> versioned(String tenantId, String conversationId) {
        Map<String, String> hash = redis.commands().hgetAll(keys.conversation(tenantId, conversationId));
        if (hash.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Versioned(ChatJson.conversation(tenantId, ChatJson.MAPPER.valueToTree(hash)), hash.get("ver")));
    }

    @Override
    public Optional<Conversation> findBySession(String tenantId, String sessionId) {
        String id = redis.commands().hget(keys.tenant(tenantId) + "cv:bysession", sessionId);
        return id == null ? Optional.empty() : find(tenantId, id);
    }

    @Override
    public List<Member> members(String tenantId, String conversationId) {
        var ordered = new ArrayList<JsonNode>();
        for (String json : redis.commands().hvals(keys.members(tenantId, conversationId))) {
            ordered.add(readTree(json));
        }
        ordered.sort(Comparator.comparingLong(m -> m.get("ord").asLong()));
        return ordered.stream().map(ChatJson::member).toList();
    }

    @Override
    public List<Conversation> conversationsOf(String tenantId, String ref, int limit) {
        var found = new ArrayList<Conversation>();
        for (String id : redis.commands().smembers(keys.tenant(tenantId) + "cv:of:" + sha1(ref))) {
            find(tenantId, id).filter(c -> c.kind() == ConversationKind.CARE)
                    .filter(c -> member(tenantId, id, ref).filter(Member::isCurrent).isPresent())
                    .ifPresent(found::add);
        }
        found.sort(Comparator.comparing(Conversation::lastActivityAt).reversed().thenComparing(Conversation::id));
        return found.size() > limit ? List.copyOf(found.subList(0, limit)) : found;
    }

    /** Redis's {@code redis.sha1hex}: the index key of a person's conversations holds the SHA-1 of their ref, not the ref. */
    private static String sha1(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Optional<Member> member(String tenantId, String conversationId, String ref) {
        String memberId = redis.commands().hget(keys.refs(tenantId, conversationId), ref);
        if (memberId == null) {
            return Optional.empty();
        }
        String json = redis.commands().hget(keys.members(tenantId, conversationId), memberId);
        return json == null ? Optional.empty() : Optional.of(ChatJson.member(readTree(json)));
    }

    @Override
    public Member addMember(String tenantId, String conversationId, Member candidate, int maxMembers) {
        JsonNode result = scripts.run(ChatScripts.ADD_MEMBER, tenantId, conversationId, scripts.write(ChatJson.member(candidate)),
                String.valueOf(maxMembers));
        return ChatJson.member(result.get("member"));
    }

    @Override
    public boolean removeMember(String tenantId, String conversationId, String memberId, Instant at) {
        return scripts.run(ChatScripts.REMOVE_MEMBER, tenantId, conversationId, memberId, String.valueOf(at.toEpochMilli()))
                .get("removed").asBoolean();
    }

    @Override
    public Optional<Conversation> update(String tenantId, String conversationId, UnaryOperator<Conversation> change) {
        while (true) {
            var current = versioned(tenantId, conversationId);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            Conversation changed = change.apply(current.get().conversation());
            JsonNode result = scripts.run(ChatScripts.UPDATE, tenantId, conversationId, current.get().version(),
                    scripts.writeWithNulls(ChatJson.changeableFields(changed)));
            if (result.has("missing")) {
                return Optional.empty();
            }
            if (!result.has("stale")) {
                return Optional.of(ChatJson.conversation(tenantId, result.get("conversation")));
            }
        }
    }

    @Override
    public boolean delete(String tenantId, String conversationId) {
        return scripts.run(ChatScripts.DELETE, tenantId, conversationId).get("deleted").asBoolean();
    }

    @Override
    public boolean isHealthy() {
        return redis.ping();
    }

    private static JsonNode readTree(String json) {
        try {
            return ChatJson.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new JedisException("a member that is not JSON", e);
        }
    }
}
