package se.samtal.sqlite;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prepared statements kept for the one connection a database's writer thread uses: the stores
 * prepare the same few statements for every write, and preparing one costs sqlite-jdbc a compile
 * and a read of every column's name (about a fifth of the chat writer's time in benchmark B4).
 *
 * <p>{@link #wrap} gives a {@link Connection} whose {@code prepareStatement(sql)} hands out the
 * statement prepared for {@code sql} before, if there is one, and whose statements' {@code close()}
 * only clears their parameters, so the stores keep closing what they prepare
 * with try-with-resources. At most {@link #MAX_STATEMENTS} are kept (the least recently used is
 * closed for real); closing the connection closes them all. Not thread-safe: one thread only, as
 * the writer is.
 */
final class StatementCache implements InvocationHandler {
    /** Statements kept at most: every fixed statement of every store fits many times over. */
    static final int MAX_STATEMENTS = 128;

    /** A kept statement and what the stores are handed for it. */
    private record Kept(PreparedStatement statement, PreparedStatement handedOut) {
    }

    private final Connection connection;
    private final Map<String, Kept> statements = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
            if (size() > MAX_STATEMENTS) {
                closeQuietly(eldest.getValue().statement());
                return true;
            }
            return false;
        }
    };

    private StatementCache(Connection connection) {
        this.connection = connection;
    }

    /** {@code connection}, with its prepared statements kept and reused. */
    static Connection wrap(Connection connection) {
        return (Connection) Proxy.newProxyInstance(StatementCache.class.getClassLoader(), new Class<?>[]{Connection.class},
                new StatementCache(connection));
    }

    /** How many statements {@code wrapped} keeps now. */
    static int size(Connection wrapped) {
        return ((StatementCache) Proxy.getInvocationHandler(wrapped)).statements.size();
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (name.equals("prepareStatement") && args != null && args.length == 1 && args[0] instanceof String sql) {
            Kept kept = statements.get(sql);
            if (kept == null) {
                PreparedStatement statement = connection.prepareStatement(sql);
                kept = new Kept(statement, handedOut(statement));
                statements.put(sql, kept);
            }
            return kept.handedOut();
        }
        if (name.equals("close") && args == null) {
            statements.values().forEach(k -> closeQuietly(k.statement()));
            statements.clear();
        }
        return call(connection, method, args);
    }

    /** The statement as the stores see it: closing it readies it for the next use. */
    private static PreparedStatement handedOut(PreparedStatement statement) {
        return (PreparedStatement) Proxy.newProxyInstance(StatementCache.class.getClassLoader(),
                new Class<?>[]{PreparedStatement.class}, (proxy, method, args) -> {
                    if (args == null && method.getName().equals("close")) {
                        // Its result set, if any, was closed by the store (which resets it in
                        // SQLite) or is closed by the next execution.
                        statement.clearParameters();
                        return null;
                    }
                    if (args == null && method.getName().equals("isClosed")) {
                        return statement.isClosed();
                    }
                    return call(statement, method, args);
                });
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException ignored) {
            // closing a statement of a connection that is going away
        }
    }
}
