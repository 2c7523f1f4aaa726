package se.samtal.chat.store.sqlite;

import se.samtal.chat.message.MessageChain;
import se.samtal.chat.store.ChainCheck;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;

import static se.samtal.chat.store.sqlite.ChatRows.MESSAGE_COLUMNS;

/**
 * A conversation's hash chain as stored in {@code chat.db} (see {@link ChatSchema}): verified by
 * recomputing every link from the anchor, and moved forward when retention removes a prefix.
 */
final class StoredChain {
    private StoredChain() {
    }

    /**
     * Recomputes the conversation's links from its anchor through its newest message: each stored
     * message must follow the one before it (no gap), hash to its stored link, and the last must
     * be the conversation's head; and each pin after the anchor must name a stored message whose
     * link it is. Streams the rows; nothing is held but the last link.
     */
    static ChainCheck verify(Connection c, String tenantId, String conversationId, Map<Long, String> pins) throws SQLException {
        long lastSeq;
        long from;
        byte[] head;
        byte[] anchor;
        try (PreparedStatement st = c.prepareStatement("SELECT last_seq, chain_from, chain_head, chain_anchor FROM conversations"
                + " WHERE tenant_id = ? AND id = ?")) {
            st.setString(1, tenantId);
            st.setString(2, conversationId);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw new SamtalException(ErrorCode.CONVERSATION_NOT_FOUND);
                }
                lastSeq = rs.getLong(1);
                from = rs.getLong(2);
                head = rs.getBytes(3);
                anchor = rs.getBytes(4);
            }
        }
        byte[] link = anchor != null ? anchor : MessageChain.genesis();
        long expected = from + 1;
        int pinned = 0;
        for (long seq : pins.keySet()) {
            if (seq > lastSeq) {
                // The trail names a message the conversation no longer admits to having.
                return broken(from, lastSeq, seq, head, pinned);
            }
        }
        try (PreparedStatement st = c.prepareStatement("SELECT " + MESSAGE_COLUMNS + ", chain FROM messages WHERE tenant_id = ?"
                + " AND conversation_id = ? AND seq > ? ORDER BY seq")) {
            st.setString(1, tenantId);
            st.setString(2, conversationId);
            st.setLong(3, from);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    var message = ChatRows.message(rs);
                    if (message.seq() != expected) {
                        return broken(from, lastSeq, expected, head, pinned);
                    }
                    link = MessageChain.next(link, tenantId, message);
                    if (!Arrays.equals(link, rs.getBytes(9))) {
                        return broken(from, lastSeq, message.seq(), head, pinned);
                    }
                    String pin = pins.get(message.seq());
                    if (pin != null) {
                        if (!pin.equals(MessageChain.hex(link))) {
                            return broken(from, lastSeq, message.seq(), head, pinned);
                        }
                        pinned++;
                    }
                    expected++;
                }
            }
        }
        if (expected - 1 != lastSeq) {
            return broken(from, lastSeq, expected, head, pinned);
        }
        if (lastSeq > from && !Arrays.equals(link, head)) {
            return broken(from, lastSeq, lastSeq, head, pinned);
        }
        return new ChainCheck(ChainCheck.Status.INTACT, from + 1, lastSeq, null, head == null ? null : MessageChain.hex(head),
                pinned);
    }

    private static ChainCheck broken(long from, long lastSeq, long at, byte[] head, int pinned) {
        return new ChainCheck(ChainCheck.Status.BROKEN, from + 1, lastSeq, at, head == null ? null : MessageChain.hex(head),
                pinned);
    }

    /** The conversation's newest link; null if none yet (the chain begins at its next message). */
    static byte[] head(Connection c, String tenantId, String conversationId) throws SQLException {
        return bytes(c, "SELECT chain_head FROM conversations WHERE tenant_id = ? AND id = ?", tenantId, conversationId, null);
    }

    /** The stored link of message {@code seq}; null if it has none (written before the chain) or is gone. */
    static byte[] link(Connection c, String tenantId, String conversationId, long seq) throws SQLException {
        return bytes(c, "SELECT chain FROM messages WHERE tenant_id = ? AND conversation_id = ? AND seq = ?", tenantId,
                conversationId, seq);
    }

    /** The one column {@code sql} selects, by tenant, conversation and (if not null) a message number. */
    private static byte[] bytes(Connection c, String sql, String tenantId, String conversationId, Long seq) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, tenantId);
            st.setString(2, conversationId);
            if (seq != null) {
                st.setLong(3, seq);
            }
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    /**
     * Retention removed every message through {@code seq}, whose link was {@code link}: the chain is
     * verified from there on. Nothing if {@code link} is null (a message from before the chain).
     */
    static void anchorAt(Connection c, String tenantId, String conversationId, long seq, byte[] link) throws SQLException {
        if (link == null) {
            return;
        }
        try (PreparedStatement st = c.prepareStatement("UPDATE conversations SET chain_from = ?, chain_anchor = ?"
                + " WHERE tenant_id = ? AND id = ? AND chain_from < ?")) {
            st.setLong(1, seq);
            st.setBytes(2, link);
            st.setString(3, tenantId);
            st.setString(4, conversationId);
            st.setLong(5, seq);
            st.executeUpdate();
        }
    }
}
