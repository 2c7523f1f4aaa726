package se.samtal.server.dropin;

import se.samtal.sqlite.SqliteDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Drop-ins in the embedded SQLite store ({@code drop-in.db} in the data directory). */
public final class SqliteDropInStore implements DropInStore {
    public static final List<String> MIGRATIONS = List.of("""
            CREATE TABLE drop_ins (
              tenant_id       TEXT    NOT NULL,
              conversation_id TEXT    NOT NULL,
              entry_id        TEXT    NOT NULL,
              person_ref      TEXT    NOT NULL,
              key_hash        TEXT    NOT NULL,
              code_hash       TEXT    NOT NULL,
              created_at      INTEGER NOT NULL,
              closed_at       INTEGER,
              blocked_at      INTEGER,
              PRIMARY KEY (tenant_id, conversation_id)
            ) WITHOUT ROWID;
            CREATE UNIQUE INDEX drop_ins_by_key ON drop_ins (tenant_id, key_hash);
            CREATE UNIQUE INDEX drop_ins_by_code ON drop_ins (tenant_id, code_hash);
            CREATE INDEX drop_ins_open ON drop_ins (tenant_id, entry_id, closed_at);
            CREATE INDEX drop_ins_closed ON drop_ins (tenant_id, closed_at)
            """, """
            ALTER TABLE drop_ins ADD COLUMN claimed_by TEXT;
            ALTER TABLE drop_ins ADD COLUMN claimed_by_name TEXT;
            ALTER TABLE drop_ins ADD COLUMN visit_session TEXT
            """);
    private static final String COLUMNS = "tenant_id, conversation_id, entry_id, person_ref, key_hash, code_hash, created_at, "
            + "closed_at, blocked_at, claimed_by, claimed_by_name, visit_session";

    private final SqliteDatabase db;

    public SqliteDropInStore(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public boolean create(DropIn d, int maxOpen) {
        return db.write(c -> {
            if (openCount(c, d.tenantId(), d.entryId()) >= maxOpen) {
                return false;
            }
            try (PreparedStatement st = c.prepareStatement("INSERT INTO drop_ins (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
                st.setString(1, d.tenantId());
                st.setString(2, d.conversationId());
                st.setString(3, d.entryId());
                st.setString(4, d.personRef());
                st.setString(5, d.keyHash());
                st.setString(6, d.codeHash());
                st.setLong(7, d.createdAt().toEpochMilli());
                setInstant(st, 8, d.closedAt());
                setInstant(st, 9, d.blockedAt());
                st.setString(10, d.claimedBy());
                st.setString(11, d.claimedByName());
                st.setString(12, d.visitSession());
                st.executeUpdate();
                return true;
            }
        });
    }

    @Override
    public Optional<DropIn> byKeyHash(String tenantId, String keyHash) {
        return one("key_hash", tenantId, keyHash);
    }

    @Override
    public Optional<DropIn> byCodeHash(String tenantId, String codeHash) {
        return one("code_hash", tenantId, codeHash);
    }

    @Override
    public Optional<DropIn> byConversation(String tenantId, String conversationId) {
        return one("conversation_id", tenantId, conversationId);
    }

    private Optional<DropIn> one(String column, String tenantId, String value) {
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM drop_ins WHERE tenant_id = ? AND "
                    + column + " = ?")) {
                st.setString(1, tenantId);
                st.setString(2, value);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void closed(String tenantId, String conversationId, Instant at) {
        db.write(c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "UPDATE drop_ins SET closed_at = ? WHERE tenant_id = ? AND conversation_id = ?")) {
                setInstant(st, 1, at);
                st.setString(2, tenantId);
                st.setString(3, conversationId);
                return st.executeUpdate();
            }
        });
    }

    @Override
    public boolean block(String tenantId, String conversationId, Instant at) {
        return db.write(c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "UPDATE drop_ins SET blocked_at = coalesce(blocked_at, ?) WHERE tenant_id = ? AND conversation_id = ?")) {
                st.setLong(1, at.toEpochMilli());
                st.setString(2, tenantId);
                st.setString(3, conversationId);
                return st.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<DropIn> open(String tenantId, String entryId, int limit) {
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM drop_ins WHERE tenant_id = ?"
                    + " AND entry_id = ? AND closed_at IS NULL ORDER BY created_at, conversation_id LIMIT ?")) {
                st.setString(1, tenantId);
                st.setString(2, entryId);
                st.setInt(3, limit);
                var result = new ArrayList<DropIn>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        result.add(read(rs));
                    }
                }
                return result;
            }
        });
    }

    @Override
    public Optional<DropIn> moveClaim(String tenantId, String conversationId, String from, String to, String toName) {
        boolean moved = db.write(c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE drop_ins SET claimed_by = ?, claimed_by_name = ?"
                    + " WHERE tenant_id = ? AND conversation_id = ? AND claimed_by IS ?")) {
                st.setString(1, to);
                st.setString(2, to == null ? null : toName);
                st.setString(3, tenantId);
                st.setString(4, conversationId);
                st.setString(5, from);
                return st.executeUpdate() == 1;
            }
        });
        return moved ? byConversation(tenantId, conversationId) : Optional.empty();
    }

    @Override
    public void offerVisit(String tenantId, String conversationId, String sessionId) {
        db.write(c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "UPDATE drop_ins SET visit_session = ? WHERE tenant_id = ? AND conversation_id = ?")) {
                st.setString(1, sessionId);
                st.setString(2, tenantId);
                st.setString(3, conversationId);
                return st.executeUpdate();
            }
        });
    }

    @Override
    public int openCount(String tenantId, String entryId) {
        return db.read(c -> openCount(c, tenantId, entryId));
    }

    private static int openCount(Connection c, String tenantId, String entryId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT count(*) FROM drop_ins WHERE tenant_id = ? AND entry_id = ? AND closed_at IS NULL")) {
            st.setString(1, tenantId);
            st.setString(2, entryId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Override
    public List<DropIn> closedBefore(String tenantId, Instant cutoff, int limit) {
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM drop_ins WHERE tenant_id = ?"
                    + " AND closed_at IS NOT NULL AND closed_at < ? ORDER BY closed_at, conversation_id LIMIT ?")) {
                st.setString(1, tenantId);
                st.setLong(2, cutoff.toEpochMilli());
                st.setInt(3, limit);
                var result = new ArrayList<DropIn>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        result.add(read(rs));
                    }
                }
                return result;
            }
        });
    }

    @Override
    public void delete(String tenantId, String conversationId) {
        db.write(c -> {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM drop_ins WHERE tenant_id = ? AND conversation_id = ?")) {
                st.setString(1, tenantId);
                st.setString(2, conversationId);
                return st.executeUpdate();
            }
        });
    }

    @Override
    public boolean isHealthy() {
        return db.isHealthy();
    }

    private static DropIn read(ResultSet rs) throws SQLException {
        return new DropIn(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                Instant.ofEpochMilli(rs.getLong(7)), instant(rs, 8), instant(rs, 9), rs.getString(10), rs.getString(11),
                rs.getString(12));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    private static void setInstant(PreparedStatement st, int index, Instant value) throws SQLException {
        if (value == null) {
            st.setNull(index, Types.INTEGER);
        } else {
            st.setLong(index, value.toEpochMilli());
        }
    }
}
