package se.samtal.chat.live.redis;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.chat.live.Audience;
import se.samtal.chat.live.ChatBus;
import se.samtal.chat.live.ChatEvent;
import se.samtal.chat.live.ChatHub;
import se.samtal.chat.live.ConversationKey;
import se.samtal.chat.json.ChatValuesModule;
import se.samtal.redis.KeySpace;
import se.samtal.redis.Redis;
import se.samtal.redis.RedisScript;

import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Chat's fan-out across nodes (cluster mode): an event is published on its tenant's bus channel
 * (sharded pub/sub, {@code c|<conversation>|<JSON>}), and every node's hub gets it back in the
 * channel's one order. Who follows a conversation on which node is kept in a hash per
 * conversation ({@code cv:<id>:followers}: {@code <node>|<connection>} → person ref), so a node can
 * tell whether a member is connected anywhere before the platform is told to reach them.
 */
public final class RedisChatBus implements ChatBus {
    private static final Logger log = LoggerFactory.getLogger(RedisChatBus.class);
    static final String PREFIX = "c|";
    private static final RedisScript PUBLISH = RedisScript.of("chat-publish", "return redis.call('SPUBLISH', KEYS[1], ARGV[1])");

    private final String node;
    private final Redis redis;
    private final KeySpace keys;
    private final Executor blocking;
    /** Events as plain values: instants as ISO-8601 text, nulls left out. */
    private final ObjectMapper json = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new ChatValuesModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();
    private volatile ChatHub hub;

    /** An event with its audience, as it travels. One of the event fields is set. */
    record Travelling(ChatEvent.MessagePosted posted, ChatEvent.ReceiptMoved receipt, ChatEvent.Typing typing,
                      ChatEvent.Updated updated, ChatEvent.Revoked revoked, Audience audience) {

        static Travelling of(ChatEvent event, Audience audience) {
            return switch (event) {
                case ChatEvent.MessagePosted e -> new Travelling(e, null, null, null, null, audience);
                case ChatEvent.ReceiptMoved e -> new Travelling(null, e, null, null, null, audience);
                case ChatEvent.Typing e -> new Travelling(null, null, e, null, null, audience);
                case ChatEvent.Updated e -> new Travelling(null, null, null, e, null, audience);
                case ChatEvent.Revoked e -> new Travelling(null, null, null, null, e, audience);
            };
        }

        ChatEvent event() {
            return posted != null ? posted : receipt != null ? receipt : typing != null ? typing : updated != null ? updated : revoked;
        }
    }

    /** @param blocking runs the bookkeeping of followers, off the caller's thread */
    public RedisChatBus(String node, Redis redis, KeySpace keys, Executor blocking) {
        this.node = node;
        this.redis = redis;
        this.keys = keys;
        this.blocking = blocking;
    }

    /** The hub that hears this bus (set once, before the subscription starts). */
    public void deliverTo(ChatHub chatHub) {
        this.hub = chatHub;
    }

    @Override
    public void publish(ConversationKey key, ChatEvent event, Audience audience) {
        String message;
        try {
            message = PREFIX + key.conversationId() + "|" + json.writeValueAsString(Travelling.of(event, audience));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        String channel = keys.tenant(key.tenantId()) + "bus";
        PUBLISH.run(redis.commands(), List.of(channel), List.of(message));
    }

    /** A chat message from the tenant's bus. */
    public void received(String tenantId, String message) {
        int end = message.indexOf('|', PREFIX.length());
        var key = new ConversationKey(tenantId, message.substring(PREFIX.length(), end));
        Travelling travelling;
        try {
            travelling = json.readValue(message.substring(end + 1), Travelling.class);
        } catch (JsonProcessingException e) {
            log.atWarn().setMessage("A chat event from the bus could not be read").addKeyValue("tenant", tenantId).log();
            return;
        }
        hub.received(key, travelling.event(), travelling.audience());
    }

    @Override
    public void followed(ConversationKey key, String connectionId, String memberRef) {
        blocking.execute(() -> quietly(() -> {
            redis.commands().hset(followers(key), node + "|" + connectionId, memberRef);
            redis.commands().sadd(keys.nodes("follows:" + node), key.tenantId() + "|" + key.conversationId() + "|" + connectionId);
        }));
    }

    @Override
    public void unfollowed(ConversationKey key, String connectionId) {
        blocking.execute(() -> quietly(() -> {
            redis.commands().hdel(followers(key), node + "|" + connectionId);
            redis.commands().srem(keys.nodes("follows:" + node), key.tenantId() + "|" + key.conversationId() + "|" + connectionId);
        }));
    }

    @Override
    public Set<String> followersElsewhere(ConversationKey key) {
        var refs = new HashSet<String>();
        for (Map.Entry<String, String> follower : redis.commands().hgetAll(followers(key)).entrySet()) {
            if (!follower.getKey().startsWith(node + "|")) {
                refs.add(follower.getValue());
            }
        }
        return refs;
    }

    /** A node is gone: it follows nothing any more. */
    public void forgetNode(String lostNode) {
        String index = keys.nodes("follows:" + lostNode);
        for (String entry : redis.commands().smembers(index)) {
            String[] parts = entry.split("\\|", 3);
            redis.commands().hdel(followers(new ConversationKey(parts[0], parts[1])), lostNode + "|" + parts[2]);
        }
        redis.commands().del(index);
    }

    private String followers(ConversationKey key) {
        return keys.tenant(key.tenantId()) + "cv:" + key.conversationId() + ":followers";
    }

    private static void quietly(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.atWarn().setMessage("Could not record who follows a conversation").addKeyValue("reason", e.getMessage()).log();
        }
    }
}
