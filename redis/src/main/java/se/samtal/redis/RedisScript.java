package se.samtal.redis;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script, run atomically by Redis. It is sent by its SHA-1 ({@code EVALSHA}) and loaded
 * once more when Redis does not know it (after a restart, or on a cluster node it has not run
 * on yet). Every key it touches must be among {@code keys}, all in one hash slot.
 */
public final class RedisScript {
    private final String name;
    private final String source;
    private final String sha1;

    private RedisScript(String name, String source) {
        this.name = name;
        this.source = source;
        this.sha1 = sha1(source);
    }

    /** The script in the resource {@code name} next to {@code owner}'s class file. */
    public static RedisScript load(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no script resource " + name + " beside " + owner.getName());
            }
            return new RedisScript(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A script given as text (for short ones). */
    public static RedisScript of(String name, String source) {
        return new RedisScript(name, source);
    }

    public String name() {
        return name;
    }

    /** Runs the script; {@code keys} route it (the first key picks the cluster node). */
    public Object run(UnifiedJedis redis, List<String> keys, List<String> args) {
        try {
            return redis.evalsha(sha1, keys, args);
        } catch (JedisNoScriptException e) {
            redis.scriptLoad(source, keys.isEmpty() ? null : keys.get(0));
            return redis.evalsha(sha1, keys, args);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "RedisScript[" + name + "]";
    }
}
