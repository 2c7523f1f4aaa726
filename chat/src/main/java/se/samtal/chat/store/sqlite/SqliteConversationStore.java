package se.samtal.chat.store.sqlite;

import se.samtal.chat.conversation.Conversation;
import se.samtal.chat.conversation.ConversationKind;
import se.samtal.chat.conversation.ConversationSettings;
import se.samtal.chat.conversation.ConversationStatus;
import se.samtal.chat.conversation.Member;
import se.samtal.chat.store.ConversationStore;
import se.samtal.chat.store.SessionChat;
import se.samtal.chat.store.SessionChatJoin;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.Role;
import se.samtal.protocol.SamtalException;
import se.samtal.sqlite.SqliteDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static se.samtal.chat.store.sqlite.ChatRows.CONVERSATION_COLUMNS;

/** Conversations and members in the embedded store ({@code chat.db}). */
public final class SqliteConversationStore implements ConversationStore {
    private final SqliteDatabase db;

    public SqliteConversationStore(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public Conversation createCare(Conversation conversation, List<Member> members, int maxOpen) {
        return db.write(c -> {
            if (countOpen(c, conversation.tenantId()) >= maxOpen) {
                throw new SamtalException(ErrorCode.TENANT_LIMIT_REACHED,
                        "The tenant has " + maxOpen + " open conversations, its maximum.");
            }
            ChatRows.insertConversation(c, conversation);
            for (Member member : members) {
                ChatRows.insertMember(c, conversation.tenantId(), conversation.id(), member);
            }
            return conversation;
        });
    }

    private static int countOpen(Connection c, String tenantId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT count(*) FROM conversations WHERE tenant_id = ? AND kind = 'care' AND status = 'open'")) {
            st.setString(1, tenantId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    @Override
    public SessionChat joinSessionChat(SessionChatJoin join) {
        return db.write(c -> {
            Conversation conversation = bySession(c, join.tenantId(), join.sessionId()).orElse(null);
            if (conversation == null) {
                conversation = new Conversation(join.tenantId(), join.conversationId(), ConversationKind.SESSION,
                        join.sessionId(), null, null, ConversationStatus.OPEN, ConversationSettings.NONE, 0, 0, null,
                        join.at(), join.at(), null);
                ChatRows.insertConversation(c, conversation);
            }
            var existing = ChatRows.memberByRef(c, join.tenantId(), conversation.id(), join.candidate().ref());
            if (existing.isPresent()) {
                return new SessionChat(conversation, existing.get());
            }
            Member candidate = join.candidate();
            long visibleFrom = join.seeEarlier() ? 1 : conversation.lastSeq() + 1;
            var member = new Member(candidate.id(), candidate.ref(), candidate.role(), candidate.name(), visibleFrom,
                    0, 0, join.at(), null);
            ChatRows.insertMember(c, join.tenantId(), conversation.id(), member);
            return new SessionChat(conversation, member);
        });
    }

    @Override
    public Optional<Conversation> find(String tenantId, String conversationId) {
        return db.read(c -> ChatRows.conversation(c, tenantId, conversationId));
    }

    @Override
    public List<Conversation> conversationsOf(String tenantId, String ref, int limit) {
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT " + CONVERSATION_COLUMNS + " FROM conversations"
                    + " WHERE tenant_id = ? AND kind = 'care' AND id IN (SELECT conversation_id FROM members"
                    + " WHERE tenant_id = ? AND ref = ? AND removed_at IS NULL) ORDER BY last_activity_at DESC, id LIMIT ?")) {
                st.setString(1, tenantId);
                st.setString(2, tenantId);
                st.setString(3, ref);
                st.setInt(4, limit);
                var result = new java.util.ArrayList<Conversation>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        result.add(ChatRows.conversation(rs));
                    }
                }
                return result;
            }
        });
    }

    @Override
    public Optional<Conversation> findBySession(String tenantId, String sessionId) {
        return db.read(c -> bySession(c, tenantId, sessionId));
    }

    private static Optional<Conversation> bySession(Connection c, String tenantId, String sessionId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT " + CONVERSATION_COLUMNS + " FROM conversations WHERE tenant_id = ? AND session_id = ?")) {
            st.setString(1, tenantId);
            st.setString(2, sessionId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(ChatRows.conversation(rs)) : Optional.empty();
            }
        }
    }

    @Override
    public List<Member> members(String tenantId, String conversationId) {
        return db.read(c -> ChatRows.members(c, tenantId, conversationId, false));
    }

    @Override
    public Optional<Member> member(String tenantId, String conversationId, String ref) {
        return db.read(c -> ChatRows.memberByRef(c, tenantId, conversationId, ref));
    }

    @Override
    public Member addMember(String tenantId, String conversationId, Member candidate, int maxMembers) {
        return db.write(c -> {
            Conversation conversation = ChatRows.existingConversation(c, tenantId, conversationId);
            var current = ChatRows.members(c, tenantId, conversationId, true);
            var existing = ChatRows.memberByRef(c, tenantId, conversationId, candidate.ref());
            if (existing.isPresent() && existing.get().isCurrent()) {
                if (existing.get().role() != candidate.role()) {
                    throw new SamtalException(ErrorCode.CONFLICT, "This person is already a member with another role.");
                }
                return existing.get();
            }
            if (candidate.role() == Role.PATIENT && current.stream().anyMatch(m -> m.role() == Role.PATIENT)) {
                throw new SamtalException(ErrorCode.CONFLICT, "A care conversation has one patient.");
            }
            if (current.size() >= maxMembers) {
                throw new SamtalException(ErrorCode.TENANT_LIMIT_REACHED,
                        "A conversation can have at most " + maxMembers + " members.");
            }
            if (existing.isPresent()) {
                try (PreparedStatement st = c.prepareStatement("UPDATE members SET role = ?, name = ?, removed_at = NULL"
                        + " WHERE tenant_id = ? AND conversation_id = ? AND id = ?")) {
                    st.setString(1, candidate.role().wire());
                    st.setString(2, candidate.name());
                    st.setString(3, tenantId);
                    st.setString(4, conversationId);
                    st.setString(5, existing.get().id());
                    st.executeUpdate();
                }
                var old = existing.get();
                return new Member(old.id(), old.ref(), candidate.role(), candidate.name(), old.visibleFrom(),
                        old.deliveredSeq(), old.readSeq(), old.addedAt(), null);
            }
            var member = new Member(candidate.id(), candidate.ref(), candidate.role(), candidate.name(), 1,
                    0, 0, candidate.addedAt(), null);
            ChatRows.insertMember(c, tenantId, conversation.id(), member);
            return member;
        });
    }

    @Override
    public boolean removeMember(String tenantId, String conversationId, String memberId, Instant at) {
        return db.write(c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE members SET removed_at = ? WHERE tenant_id = ?"
                    + " AND conversation_id = ? AND id = ? AND removed_at IS NULL")) {
                st.setLong(1, at.toEpochMilli());
                st.setString(2, tenantId);
                st.setString(3, conversationId);
                st.setString(4, memberId);
                return st.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<Conversation> update(String tenantId, String conversationId, UnaryOperator<Conversation> change) {
        return db.write(c -> {
            var current = ChatRows.conversation(c, tenantId, conversationId);
            if (current.isEmpty()) {
                return Optional.<Conversation>empty();
            }
            Conversation changed = change.apply(current.get());
            try (PreparedStatement st = c.prepareStatement("UPDATE conversations SET title = ?, status = ?, settings = ?,"
                    + " hold_since = ?, hold_reason = ?, closed_at = ?, closing_code = ? WHERE tenant_id = ? AND id = ?")) {
                st.setString(1, changed.title());
                st.setString(2, changed.status().wire());
                st.setString(3, ChatRows.writeSettings(changed.settings()));
                ChatRows.setInstant(st, 4, changed.legalHold() == null ? null : changed.legalHold().since());
                st.setString(5, changed.legalHold() == null ? null : changed.legalHold().reason());
                ChatRows.setInstant(st, 6, changed.closedAt());
                st.setString(7, changed.closingCode());
                st.setString(8, tenantId);
                st.setString(9, conversationId);
                st.executeUpdate();
            }
            return ChatRows.conversation(c, tenantId, conversationId);
        });
    }

    @Override
    public boolean delete(String tenantId, String conversationId) {
        return db.write(c -> {
            var current = ChatRows.conversation(c, tenantId, conversationId);
            if (current.isEmpty()) {
                return false;
            }
            if (current.get().isOnHold()) {
                throw new SamtalException(ErrorCode.CONFLICT, "The conversation is on legal hold; lift the hold first.");
            }
            try (PreparedStatement st = c.prepareStatement("DELETE FROM conversations WHERE tenant_id = ? AND id = ?")) {
                st.setString(1, tenantId);
                st.setString(2, conversationId);
                return st.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean isHealthy() {
        return db.isHealthy();
    }
}
