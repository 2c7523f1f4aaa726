package se.samtal.chat.store.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.redis.Redis;
import se.samtal.redis.RedisScript;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The chat scripts (Lua, beside this class) and how they are called: every script gets the
 * tenant's key prefix first, touches only keys of the tenant's hash slot, and answers with JSON,
 * either the result or {@code {"error": code, "message": …}}, which becomes a
 * {@link SamtalException}. A script checks everything before it writes anything, so a refusal
 * changes nothing.
 */
final class ChatScripts {
    static final RedisScript CREATE_CARE = load("create_care.lua");
    static final RedisScript JOIN_SESSION_CHAT = load("join_session_chat.lua");
    static final RedisScript ADD_MEMBER = load("add_member.lua");
    static final RedisScript REMOVE_MEMBER = load("remove_member.lua");
    static final RedisScript UPDATE = load("update.lua");
    static final RedisScript DELETE = load("delete.lua");
    static final RedisScript APPEND = load("append.lua");
    static final RedisScript READ = load("read.lua");
    static final RedisScript MARK = load("mark.lua");
    static final RedisScript UNREAD = load("unread.lua");
    static final RedisScript PURGE = load("purge.lua");

    private final Redis redis;
    private final ChatKeys keys;
    private final ObjectMapper json;

    ChatScripts(Redis redis, ChatKeys keys, ObjectMapper json) {
        this.redis = redis;
        this.keys = keys;
        this.json = json;
    }

    /** Runs {@code script} for {@code tenantId} with {@code args} after the prefix; a refusal throws. */
    JsonNode run(RedisScript script, String tenantId, String... args) {
        var argv = new ArrayList<String>(args.length + 1);
        argv.add(keys.tenant(tenantId));
        argv.addAll(List.of(args));
        Object reply = script.run(redis.commands(), List.of(keys.anchor(tenantId)), argv);
        JsonNode result;
        try {
            result = json.readTree((String) reply);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("script " + script.name() + " answered something that is not JSON", e);
        }
        if (result.hasNonNull("error")) {
            ErrorCode code = ErrorCode.fromWire(result.get("error").asText());
            throw result.hasNonNull("message") ? new SamtalException(code, result.get("message").asText())
                    : new SamtalException(code);
        }
        return result;
    }

    String write(Object value) {
        return write(json, value);
    }

    /** JSON with null fields kept (a null removes the field). */
    String writeWithNulls(Object value) {
        return write(ChatJson.WITH_NULLS, value);
    }

    private static String write(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RedisScript load(String name) {
        return RedisScript.of(name, resource("lib.lua") + "\n" + resource(name));
    }

    private static String resource(String name) {
        try (InputStream in = ChatScripts.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no script " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
