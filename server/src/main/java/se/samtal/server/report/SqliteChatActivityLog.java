package se.samtal.server.report;

import se.samtal.protocol.Role;
import se.samtal.sqlite.SqliteDatabase;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Care conversations' activity in the embedded follow-up database ({@code records.db}). */
public final class SqliteChatActivityLog implements ChatActivityLog {
    private final SqliteDatabase db;

    public SqliteChatActivityLog(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public void append(List<ChatActivity> activity) {
        if (activity.isEmpty()) {
            return;
        }
        db.write(c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT OR IGNORE INTO chat_activity (tenant_id, conversation_id, what,"
                    + " seq, role, at, due_by, closing_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (ChatActivity a : activity) {
                    st.setString(1, a.tenantId());
                    st.setString(2, a.conversationId());
                    st.setString(3, a.what().wire());
                    st.setLong(4, a.seq());
                    st.setString(5, a.role() == null ? null : a.role().wire());
                    st.setLong(6, a.at().toEpochMilli());
                    if (a.dueBy() == null) {
                        st.setNull(7, Types.INTEGER);
                    } else {
                        st.setLong(7, a.dueBy().toEpochMilli());
                    }
                    st.setString(8, a.closingCode());
                    st.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public List<ChatActivity> between(String tenantId, Instant from, Instant to) {
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT conversation_id, what, seq, role, at, due_by, closing_code"
                    + " FROM chat_activity WHERE tenant_id = ? AND at >= ? AND at < ? ORDER BY at, id")) {
                st.setString(1, tenantId);
                st.setLong(2, from.toEpochMilli());
                st.setLong(3, to.toEpochMilli());
                var list = new ArrayList<ChatActivity>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        long due = rs.getLong(6);
                        Instant dueBy = rs.wasNull() ? null : Instant.ofEpochMilli(due);
                        String role = rs.getString(4);
                        list.add(new ChatActivity(tenantId, rs.getString(1), ChatActivity.What.fromWire(rs.getString(2)),
                                rs.getLong(3), role == null ? null : Role.fromWire(role), Instant.ofEpochMilli(rs.getLong(5)),
                                dueBy, rs.getString(7)));
                    }
                }
                return list;
            }
        });
    }

    @Override
    public int purge(String tenantId, Instant cutoff, int limit) {
        return db.write(c -> {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM chat_activity WHERE id IN (SELECT id FROM chat_activity"
                    + " WHERE tenant_id = ? AND at < ? ORDER BY at LIMIT ?)")) {
                st.setString(1, tenantId);
                st.setLong(2, cutoff.toEpochMilli());
                st.setInt(3, limit);
                return st.executeUpdate();
            }
        });
    }

    @Override
    public void deleteConversation(String tenantId, String conversationId) {
        db.write(c -> {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM chat_activity WHERE tenant_id = ? AND conversation_id = ?")) {
                st.setString(1, tenantId);
                st.setString(2, conversationId);
                return st.executeUpdate();
            }
        });
    }
}
