package se.samtal.redis;

import redis.clients.jedis.HostAndPort;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where Redis is, read from one URL. Three shapes:
 *
 * <pre>
 * redis://[[user]:password@]host[:port][/db]                         one server (rediss:// for TLS)
 * redis-sentinel://[[user]:password@]host:port[,host:port…]/master[/db]   Sentinel: its addresses and the master's name
 * redis-cluster://[[user]:password@]host:port[,host:port…]           Redis Cluster: any of its nodes (database 0 only)
 * </pre>
 *
 * {@code rediss-sentinel://} and {@code rediss-cluster://} use TLS. The default port is 6379
 * (26379 for Sentinel). Parse errors never repeat the URL: it may hold a password.
 *
 * @param user     null for the default user
 * @param password null for none; with Sentinel, the same password is used for the sentinels and the master
 */
public record RedisEndpoint(Mode mode, List<HostAndPort> hosts, boolean tls, String user, String password, int database,
                            String masterName) {

    /** How Redis is deployed. */
    public enum Mode {
        STANDALONE, SENTINEL, CLUSTER
    }

    public RedisEndpoint {
        hosts = List.copyOf(hosts);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("names no host");
        }
    }

    /** Parses a Redis URL; the exception's message says what is wrong without repeating the URL. */
    public static RedisEndpoint parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("is empty");
        }
        int schemeEnd = url.indexOf("://");
        if (schemeEnd < 0) {
            throw new IllegalArgumentException("must start with redis://, rediss://, redis-sentinel:// or redis-cluster://");
        }
        String scheme = url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        Mode mode;
        boolean tls;
        switch (scheme) {
            case "redis" -> { mode = Mode.STANDALONE; tls = false; }
            case "rediss" -> { mode = Mode.STANDALONE; tls = true; }
            case "redis-sentinel" -> { mode = Mode.SENTINEL; tls = false; }
            case "rediss-sentinel" -> { mode = Mode.SENTINEL; tls = true; }
            case "redis-cluster" -> { mode = Mode.CLUSTER; tls = false; }
            case "rediss-cluster" -> { mode = Mode.CLUSTER; tls = true; }
            default -> throw new IllegalArgumentException(
                    "has an unknown scheme (use redis, rediss, redis-sentinel, rediss-sentinel, redis-cluster or rediss-cluster)");
        }
        String rest = url.substring(schemeEnd + 3);
        int query = rest.indexOf('?');
        if (query >= 0 || rest.indexOf('#') >= 0) {
            throw new IllegalArgumentException("must not have a query or fragment (set options as configuration keys)");
        }
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                password = decode(userInfo);
            } else {
                user = emptyToNull(decode(userInfo.substring(0, colon)));
                password = decode(userInfo.substring(colon + 1));
            }
            password = emptyToNull(password);
        }
        int slash = rest.indexOf('/');
        String hostPart = slash < 0 ? rest : rest.substring(0, slash);
        List<String> path = slash < 0 ? List.of() : List.of(rest.substring(slash + 1).split("/", -1));
        int defaultPort = mode == Mode.SENTINEL ? 26379 : 6379;
        List<HostAndPort> hosts = hosts(hostPart, defaultPort);
        String master = null;
        int database = 0;
        switch (mode) {
            case STANDALONE -> {
                if (hosts.size() > 1) {
                    throw new IllegalArgumentException("names several hosts: use redis-sentinel:// or redis-cluster://");
                }
                database = database(path, 0);
            }
            case SENTINEL -> {
                if (path.isEmpty() || path.get(0).isBlank()) {
                    throw new IllegalArgumentException("needs the master's name: redis-sentinel://host:26379,host:26379/mymaster");
                }
                master = decode(path.get(0));
                database = database(path, 1);
            }
            case CLUSTER -> {
                if (!path.isEmpty() && !(path.size() == 1 && (path.get(0).isEmpty() || path.get(0).equals("0")))) {
                    throw new IllegalArgumentException("cannot choose a database: Redis Cluster has only database 0");
                }
            }
        }
        return new RedisEndpoint(mode, hosts, tls, user, password, database, master);
    }

    /** The same endpoint with another password (from a configuration key kept out of the URL). */
    public RedisEndpoint withPassword(String newPassword) {
        return new RedisEndpoint(mode, hosts, tls, user, newPassword, database, masterName);
    }

    private static List<HostAndPort> hosts(String hostPart, int defaultPort) {
        if (hostPart.isBlank()) {
            throw new IllegalArgumentException("names no host");
        }
        var hosts = new ArrayList<HostAndPort>();
        for (String entry : hostPart.split(",")) {
            String host = entry;
            int port = defaultPort;
            int colon = entry.lastIndexOf(':');
            if (entry.startsWith("[")) {
                int close = entry.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("has an unclosed IPv6 address");
                }
                host = entry.substring(1, close);
                colon = entry.indexOf(':', close);
            } else if (colon >= 0) {
                host = entry.substring(0, colon);
            }
            if (colon >= 0) {
                try {
                    port = Integer.parseInt(entry.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("has a port that is not a number");
                }
            }
            if (host.isBlank() || port < 1 || port > 65535) {
                throw new IllegalArgumentException("has an empty host or a port outside 1–65535");
            }
            hosts.add(new HostAndPort(host, port));
        }
        return hosts;
    }

    private static int database(List<String> path, int index) {
        if (path.size() <= index || path.get(index).isEmpty()) {
            if (path.size() > index + 1) {
                throw new IllegalArgumentException("has too many path segments");
            }
            return 0;
        }
        if (path.size() > index + 1) {
            throw new IllegalArgumentException("has too many path segments");
        }
        try {
            int db = Integer.parseInt(path.get(index));
            if (db < 0 || db > 15) {
                throw new IllegalArgumentException("has a database outside 0–15");
            }
            return db;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("has a database that is not a number");
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** The endpoint without its credentials, for logs. */
    public String describe() {
        var names = hosts.stream().map(HostAndPort::toString).toList();
        return mode.name().toLowerCase(Locale.ROOT) + " " + String.join(",", names)
                + (masterName != null ? " master " + masterName : "") + (tls ? " tls" : "");
    }

    @Override
    public String toString() {
        return "RedisEndpoint[" + describe() + "]";
    }
}
