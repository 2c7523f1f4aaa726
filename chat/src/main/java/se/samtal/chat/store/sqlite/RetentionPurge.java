package se.samtal.chat.store.sqlite;

import se.samtal.chat.store.PurgeResult;
import se.samtal.sqlite.SqliteDatabase;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Retention in the embedded store. Candidates are found on a reader connection; each deletion is
 * a short write that checks the legal hold again, so a hold set in between wins. Within a
 * conversation messages are written in time order (the store sees to it), so what is purged is
 * always a prefix: everything up to {@code purged_through}, and the conversation's hash chain is
 * verified from the last removed message's link on.
 */
final class RetentionPurge {
    private final SqliteDatabase db;

    RetentionPurge(SqliteDatabase db) {
        this.db = db;
    }

    private record Trim(String conversationId, long firstSeq, long lastOldSeq) {
    }

    PurgeResult run(String tenantId, Instant cutoff, int limit) {
        long cutoffMillis = cutoff.toEpochMilli();
        List<Trim> trims = db.read(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT m.conversation_id, min(m.seq), max(m.seq) FROM messages m"
                    + " JOIN conversations v ON v.tenant_id = m.tenant_id AND v.id = m.conversation_id"
                    + " WHERE m.tenant_id = ? AND m.sent_at < ? AND v.hold_since IS NULL"
                    + " GROUP BY m.conversation_id ORDER BY min(m.sent_at) LIMIT ?")) {
                st.setString(1, tenantId);
                st.setLong(2, cutoffMillis);
                st.setInt(3, limit);
                var list = new ArrayList<Trim>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        list.add(new Trim(rs.getString(1), rs.getLong(2), rs.getLong(3)));
                    }
                }
                return list;
            }
        });
        int messages = 0;
        boolean more = false;
        for (Trim trim : trims) {
            int room = limit - messages;
            if (room <= 0) {
                more = true;
                break;
            }
            long upTo = Math.min(trim.lastOldSeq(), trim.firstSeq() + room - 1);
            more |= upTo < trim.lastOldSeq();
            messages += trim(tenantId, trim.conversationId(), upTo, cutoffMillis);
        }
        int conversations = deleteStale(tenantId, cutoffMillis, limit);
        return new PurgeResult(messages, conversations, more || conversations == limit);
    }

    private int trim(String tenantId, String conversationId, long upTo, long cutoffMillis) {
        return db.write(c -> {
            byte[] link = StoredChain.link(c, tenantId, conversationId, upTo);
            int deleted;
            try (PreparedStatement st = c.prepareStatement("DELETE FROM messages WHERE tenant_id = ? AND conversation_id = ?"
                    + " AND seq <= ? AND sent_at < ? AND NOT EXISTS (SELECT 1 FROM conversations v WHERE v.tenant_id = ?"
                    + " AND v.id = ? AND v.hold_since IS NOT NULL)")) {
                st.setString(1, tenantId);
                st.setString(2, conversationId);
                st.setLong(3, upTo);
                st.setLong(4, cutoffMillis);
                st.setString(5, tenantId);
                st.setString(6, conversationId);
                deleted = st.executeUpdate();
            }
            if (deleted > 0) {
                try (PreparedStatement st = c.prepareStatement("UPDATE conversations SET purged_through = max(purged_through, ?)"
                        + " WHERE tenant_id = ? AND id = ?")) {
                    st.setLong(1, upTo);
                    st.setString(2, tenantId);
                    st.setString(3, conversationId);
                    st.executeUpdate();
                }
                // Times never go backwards in a conversation: everything through upTo is gone.
                StoredChain.anchorAt(c, tenantId, conversationId, upTo, link);
            }
            return deleted;
        });
    }

    /** Session chats and closed care conversations untouched since the cutoff go entirely. */
    private int deleteStale(String tenantId, long cutoffMillis, int limit) {
        return db.write(c -> {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM conversations WHERE tenant_id = ? AND id IN ("
                    + "SELECT id FROM conversations WHERE tenant_id = ? AND hold_since IS NULL"
                    + " AND (kind = 'session' OR status = 'closed')"
                    + " AND max(last_activity_at, coalesce(closed_at, 0)) < ? LIMIT ?)")) {
                st.setString(1, tenantId);
                st.setString(2, tenantId);
                st.setLong(3, cutoffMillis);
                st.setInt(4, limit);
                return st.executeUpdate();
            }
        });
    }
}
