package se.samtal.chat.store.sqlite;

import se.samtal.chat.conversation.Conversation;
import se.samtal.chat.conversation.ConversationKind;
import se.samtal.chat.conversation.ConversationSettings;
import se.samtal.chat.conversation.ConversationStatus;
import se.samtal.chat.conversation.LegalHold;
import se.samtal.chat.conversation.Member;
import se.samtal.chat.message.Message;
import se.samtal.chat.store.SettingsJson;
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
            + "last_seq, purged_through, hold_since, hold_reason, created_at, last_activity_at, closed_at";
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

    static Conversation conversation(ResultSet rs) throws SQLException {
        long holdSince = rs.getLong("hold_since");
        LegalHold hold = rs.wasNull() ? null : new LegalHold(Instant.ofEpochMilli(holdSince), rs.getString("hold_reason"));
        return new Conversation(
                rs.getString("tenant_id"),
                rs.getString("id"),
                ConversationKind.fromWire(rs.getString("kind")),
                rs.getString("session_id"),
                rs.getString("title"),
                rs.getString("external_ref"),
                ConversationStatus.fromWire(rs.getString("status")),
                readSettings(rs.getString("settings")),
                rs.getLong("last_seq"),
                rs.getLong("purged_through"),
                hold,
                Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("last_activity_at")),
                instant(rs, "closed_at"));
    }

    static void insertConversation(Connection c, Conversation v) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO conversations (" + CONVERSATION_COLUMNS
                + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
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

    static Member member(ResultSet rs) throws SQLException {
        return new Member(rs.getString("id"), rs.getString("ref"), Role.fromWire(rs.getString("role")), rs.getString("name"),
                rs.getLong("visible_from"), rs.getLong("delivered_seq"), rs.getLong("read_seq"),
                Instant.ofEpochMilli(rs.getLong("added_at")), instant(rs, "removed_at"));
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

    static Message message(ResultSet rs) throws SQLException {
        return new Message(rs.getString("conversation_id"), rs.getLong("seq"), rs.getString("sender_id"),
                Role.fromWire(rs.getString("sender_role")), rs.getString("sender_name"), rs.getString("body"),
                Instant.ofEpochMilli(rs.getLong("sent_at")), rs.getString("idempotency_key"));
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

    static Instant instant(ResultSet rs, String column) throws SQLException {
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
