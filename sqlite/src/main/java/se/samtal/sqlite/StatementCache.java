package se.samtal.sqlite;

import org.sqlite.SQLiteConnection;
import org.sqlite.jdbc4.JDBC4PreparedStatement;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
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
 *
 * <p>The connection is a proxy (a few calls per piece of work reach it), but the statements are
 * sqlite-jdbc's own class with {@code close()} changed ({@link Kept}): they are called for every
 * parameter and execution, and a reflective proxy there cost a sixth of a writer thread's time.
 */
final class StatementCache implements InvocationHandler {
    /** Statements kept at most: every fixed statement of every store fits many times over. */
    static final int MAX_STATEMENTS = 128;

    /** A kept statement: sqlite-jdbc's prepared statement whose {@code close()} readies it for the next use. */
    static final class Kept extends JDBC4PreparedStatement {
        Kept(SQLiteConnection connection, String sql) throws SQLException {
            super(connection, sql);
        }

        @Override
        public void close() throws SQLException {
            // Its result set, if any, was closed by the store (which resets it in SQLite) or is
            // closed by the next execution.
            clearParameters();
        }

        void discard() throws SQLException {
            super.close();
        }
    }

    private final SQLiteConnection connection;
    private final Map<String, Kept> statements = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
            if (size() > MAX_STATEMENTS) {
                closeQuietly(eldest.getValue());
                return true;
            }
            return false;
        }
    };

    private StatementCache(SQLiteConnection connection) {
        this.connection = connection;
    }

    /** {@code connection} (sqlite-jdbc's), with its prepared statements kept and reused. */
    static Connection wrap(Connection raw) throws SQLException {
        SQLiteConnection connection = raw.unwrap(SQLiteConnection.class);
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
                if (connection.isClosed()) {
                    throw new SQLException("database connection closed");
                }
                kept = new Kept(connection, sql);
                statements.put(sql, kept);
            }
            return kept;
        }
        if (name.equals("close") && args == null) {
            statements.values().forEach(StatementCache::closeQuietly);
            statements.clear();
        }
        return call(connection, method, args);
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void closeQuietly(Kept statement) {
        try {
            statement.discard();
        } catch (SQLException ignored) {
            // closing a statement of a connection that is going away
        }
    }
}
