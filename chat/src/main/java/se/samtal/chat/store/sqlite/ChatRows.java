package se.samtal.chat.store.sqlite;

import se.samtal.chat.conversation.Conversation;
import se.samtal.chat.conversation.ConversationKind;
import se.samtal.chat.conversation.ConversationSettings;
import se.samtal.chat.conversation.ConversationStatus;
import se.samtal.chat.conversation.LegalHold;
import se.samtal.chat.conversation.Member;
import se.samtal.chat.message.Message;
import se.samtal.chat.json.SettingsJson;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.Role;
import se.samtal.protocol.SamtalException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reading and writing the rows of {@code chat.db}; shared by the two stores. */
final class ChatRows {
    static final String CONVERSATION_COLUMNS = "tenant_id, id, kind, session_id, title, external_ref, status, settings, "
            + "last_seq, purged_through, hold_since, hold_reason, created_at, last_activity_at, closed_at, closing_code";
    static final String MEMBER_COLUMNS = "id, ref, role, name, visible_from, delivered_seq, read_seq, added_at, removed_at";
    static final String MESSAGE_COLUMNS = "conversation_id, seq, sender_id, sender_role, sender_name, body, sent_at, idempotency_key";

    private ChatRows() {
    }

    // ---- conversations

    static Optional<Conversation> conversation(Connection c, String tenantId, String id) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT " + CONVERSATION_COLUMNS + " FROM conversations WHERE tenant_id = ? AND id = ?")) {
            st.setString(1, tenantId);
            st.setString(2, id);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(conversation(rs)) : Optional.empty();
            }
        }
    }

    static Conversation existingConversation(Connection c, String tenantId, String id) throws SQLException {
        return conversation(c, tenantId, id).orElseThrow(() -> new SamtalException(ErrorCode.CONVERSATION_NOT_FOUND));
    }

    /**
     * A row of {@link #CONVERSATION_COLUMNS}, read by position in that order: sqlite-jdbc resolves
     * a column name by asking SQLite for every column's name of each result set, which cost the
     * writer thread a fifth of its time on the path of every chat message.
     */
    static Conversation conversation(ResultSet rs) throws SQLException {
        String tenantId = rs.getString(1);
        String id = rs.getString(2);
        var kind = ConversationKind.fromWire(rs.getString(3));
        String sessionId = rs.getString(4);
        String title = rs.getString(5);
        String externalRef = rs.getString(6);
        var status = ConversationStatus.fromWire(rs.getString(7));
        var settings = readSettings(rs.getString(8));
        long lastSeq = rs.getLong(9);
        long purgedThrough = rs.getLong(10);
        Instant holdSince = instant(rs, 11);
        LegalHold hold = holdSince == null ? null : new LegalHold(holdSince, rs.getString(12));
        return new Conversation(tenantId, id, kind, sessionId, title, externalRef, status, settings, lastSeq, purgedThrough, hold,
                Instant.ofEpochMilli(rs.getLong(13)), Instant.ofEpochMilli(rs.getLong(14)), instant(rs, 15), rs.getString(16));
    }

    static void insertConversation(Connection c, Conversation v) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO conversations (" + CONVERSATION_COLUMNS
                + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            st.setString(1, v.tenantId());
            st.setString(2, v.id());
            st.setString(3, v.kind().wire());
            st.setString(4, v.sessionId());
            st.setString(5, v.title());
            st.setString(6, v.externalRef());
            st.setString(7, v.status().wire());
            st.setString(8, writeSettings(v.settings()));
            st.setLong(9, v.lastSeq());
            st.setLong(10, v.purgedThroughSeq());
            setInstant(st, 11, v.legalHold() == null ? null : v.legalHold().since());
            st.setString(12, v.legalHold() == null ? null : v.legalHold().reason());
            st.setLong(13, v.createdAt().toEpochMilli());
            st.setLong(14, v.lastActivityAt().toEpochMilli());
            setInstant(st, 15, v.closedAt());
            st.setString(16, v.closingCode());
            st.executeUpdate();
        }
    }

    // ---- members

    static List<Member> members(Connection c, String tenantId, String conversationId, boolean currentOnly) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT " + MEMBER_COLUMNS + " FROM members WHERE tenant_id = ? AND "
                + "conversation_id = ?" + (currentOnly ? " AND removed_at IS NULL" : "") + " ORDER BY ordinal")) {
            st.setString(1, tenantId);
            st.setString(2, conversationId);
            var list = new ArrayList<Member>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    list.add(member(rs));
                }
            }
            return list;
        }
    }

    static Optional<Member> memberByRef(Connection c, String tenantId, String conversationId, String ref) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT " + MEMBER_COLUMNS
                + " FROM members WHERE tenant_id = ? AND conversation_id = ? AND ref = ?")) {
            st.setString(1, tenantId);
            st.setString(2, conversationId);
            st.setString(3, ref);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(member(rs)) : Optional.empty();
            }
        }
    }

    /** The current member with {@code ref}, or {@code not_a_member}. */
    static Member currentMember(Connection c, String tenantId, String conversationId, String ref) throws SQLException {
        return memberByRef(c, tenantId, conversationId, ref).filter(Member::isCurrent)
                .orElseThrow(() -> new SamtalException(ErrorCode.NOT_A_MEMBER));
    }

    /** A row of {@link #MEMBER_COLUMNS}, read by position in that order (see {@link #conversation(ResultSet)}). */
    static Member member(ResultSet rs) throws SQLException {
        return new Member(rs.getString(1), rs.getString(2), Role.fromWire(rs.getString(3)), rs.getString(4),
                rs.getLong(5), rs.getLong(6), rs.getLong(7), Instant.ofEpochMilli(rs.getLong(8)), instant(rs, 9));
    }

    static void insertMember(Connection c, String tenantId, String conversationId, Member m) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO members (tenant_id, conversation_id, " + MEMBER_COLUMNS
                + ", ordinal) VALUES (?,?,?,?,?,?,?,?,?,?,?,"
                + "(SELECT count(*) + 1 FROM members WHERE tenant_id = ? AND conversation_id = ?))")) {
            st.setString(1, tenantId);
            st.setString(2, conversationId);
            st.setString(3, m.id());
            st.setString(4, m.ref());
            st.setString(5, m.role().wire());
            st.setString(6, m.name());
            st.setLong(7, m.visibleFrom());
            st.setLong(8, m.deliveredSeq());
            st.setLong(9, m.readSeq());
            st.setLong(10, m.addedAt().toEpochMilli());
            setInstant(st, 11, m.removedAt());
            st.setString(12, tenantId);
            st.setString(13, conversationId);
            st.executeUpdate();
        }
    }

    // ---- messages

    /** A row of {@link #MESSAGE_COLUMNS}, read by position in that order (see {@link #conversation(ResultSet)}). */
    static Message message(ResultSet rs) throws SQLException {
        return new Message(rs.getString(1), rs.getLong(2), rs.getString(3), Role.fromWire(rs.getString(4)), rs.getString(5),
                rs.getString(6), Instant.ofEpochMilli(rs.getLong(7)), rs.getString(8));
    }

    static List<Message> messages(PreparedStatement st) throws SQLException {
        var list = new ArrayList<Message>();
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                list.add(message(rs));
            }
        }
        return list;
    }

    /** Messages of others after {@code readSeq} that the member may see. */
    static int unread(Connection c, String tenantId, Conversation conversation, Member member) throws SQLException {
        long from = Math.max(Math.max(member.readSeq(), member.visibleFrom() - 1), conversation.purgedThroughSeq());
        try (PreparedStatement st = c.prepareStatement("SELECT count(*) FROM messages WHERE tenant_id = ? AND conversation_id = ?"
                + " AND seq > ? AND sender_id <> ?")) {
            st.setString(1, tenantId);
            st.setString(2, conversation.id());
            st.setLong(3, from);
            st.setString(4, member.id());
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    // ---- values

    static Instant instant(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    static void setInstant(PreparedStatement st, int index, Instant value) throws SQLException {
        if (value == null) {
            st.setNull(index, Types.INTEGER);
        } else {
            st.setLong(index, value.toEpochMilli());
        }
    }

    static String writeSettings(ConversationSettings settings) {
        return SettingsJson.write(settings);
    }

    static ConversationSettings readSettings(String text) {
        return SettingsJson.read(text);
    }
}
