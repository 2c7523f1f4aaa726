package se.samtal.server.webhook;

import se.samtal.sqlite.SqliteDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The outbox in the embedded store ({@code webhooks.db} in the data directory): one row per event,
 * numbered in the order added; an event is due when it is the lowest number of its key, its time
 * has come and no unexpired claim holds it. Claims are columns of the row, so the contract is the
 * same as in Redis (one node runs embedded, but a claim that was never finished, say after a
 * crash, runs out the same way).
 */
public final class SqliteWebhookOutbox implements WebhookOutbox {
    private static final List<String> MIGRATIONS = List.of("""
            CREATE TABLE outbox (
              seq             INTEGER PRIMARY KEY AUTOINCREMENT,
              id              TEXT    NOT NULL UNIQUE,
              tenant_id       TEXT    NOT NULL,
              ordering_key    TEXT    NOT NULL,
              type            TEXT    NOT NULL,
              body            TEXT    NOT NULL,
              created_at      INTEGER NOT NULL,
              attempts        INTEGER NOT NULL,
              due_at          INTEGER NOT NULL,
              claimed_by      TEXT,
              claimed_until   INTEGER NOT NULL
            );
            CREATE INDEX outbox_by_key ON outbox (ordering_key, seq)
            """);

    private final SqliteDatabase db;

    public SqliteWebhookOutbox(SqliteDatabase db) {
        this.db = db;
    }

    public static List<String> migrations() {
        return MIGRATIONS;
    }

    @Override
    public void add(List<OutboxEvent> events) {
        db.write(c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT OR IGNORE INTO outbox (id, tenant_id, ordering_key, type, body, "
                    + "created_at, attempts, due_at, claimed_until) VALUES (?,?,?,?,?,?,?,?,0)")) {
                for (OutboxEvent e : events) {
                    st.setString(1, e.id());
                    st.setString(2, e.tenantId());
                    st.setString(3, e.key());
                    st.setString(4, e.type());
                    st.setString(5, e.body());
                    st.setLong(6, e.createdAt().toEpochMilli());
                    st.setInt(7, e.attempts());
                    st.setLong(8, e.createdAt().toEpochMilli());
                    st.addBatch();
                }
                st.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<OutboxEvent> claim(String node, int max, Instant now, Duration lease) {
        long at = now.toEpochMilli();
        return db.write(c -> {
            var claimed = new ArrayList<OutboxEvent>();
            var ids = new ArrayList<Long>();
            try (PreparedStatement st = c.prepareStatement("SELECT o.seq, o.id, o.tenant_id, o.ordering_key, o.type, o.body, "
                    + "o.created_at, o.attempts FROM outbox o WHERE o.seq = (SELECT MIN(i.seq) FROM outbox i "
                    + "WHERE i.ordering_key = o.ordering_key) AND o.due_at <= ? AND o.claimed_until <= ? ORDER BY o.due_at, o.seq LIMIT ?")) {
                st.setLong(1, at);
                st.setLong(2, at);
                st.setInt(3, max);
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                        claimed.add(new OutboxEvent(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getString(6), Instant.ofEpochMilli(rs.getLong(7)), rs.getInt(8)));
                    }
                }
            }
            try (PreparedStatement st = c.prepareStatement("UPDATE outbox SET claimed_by = ?, claimed_until = ? WHERE seq = ?")) {
                for (long seq : ids) {
                    st.setString(1, node);
                    st.setLong(2, at + lease.toMillis());
                    st.setLong(3, seq);
                    st.addBatch();
                }
                st.executeBatch();
            }
            return claimed;
        });
    }

    @Override
    public void done(String node, OutboxEvent event) {
        db.write(c -> update(c, "DELETE FROM outbox WHERE id = ?", event.id()));
    }

    @Override
    public void retry(String node, OutboxEvent event, Instant at) {
        db.write(c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE outbox SET attempts = attempts + 1, due_at = ?, claimed_by = NULL, "
                    + "claimed_until = 0 WHERE id = ? AND claimed_by = ?")) {
                st.setLong(1, at.toEpochMilli());
                st.setString(2, event.id());
                st.setString(3, node);
                return st.executeUpdate();
            }
        });
    }

    @Override
    public long pending() {
        return db.read(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM outbox")) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    private static int update(Connection c, String sql, String id) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, id);
            return st.executeUpdate();
        }
    }

    @Override
    public void close() {
        db.close();
    }
}
