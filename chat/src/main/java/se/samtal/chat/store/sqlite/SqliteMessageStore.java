package se.samtal.chat.store.sqlite;

import se.samtal.chat.conversation.Conversation;
import se.samtal.chat.conversation.ConversationStatus;
import se.samtal.chat.conversation.Member;
import se.samtal.chat.message.Message;
import se.samtal.chat.message.MessageChain;
import se.samtal.chat.message.MessageText;
import se.samtal.chat.store.Append;
import se.samtal.chat.store.Appended;
import se.samtal.chat.store.ChainCheck;
import se.samtal.chat.store.HistoryPage;
import se.samtal.chat.store.HistoryQuery;
import se.samtal.chat.store.MessageStore;
import se.samtal.chat.store.PurgeResult;
import se.samtal.chat.store.Receipt;
import se.samtal.chat.store.Snapshot;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.sqlite.SqliteDatabase;
import se.samtal.sqlite.StoreException;
import se.samtal.sqlite.WriterMemo;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import static se.samtal.chat.store.sqlite.ChatRows.MESSAGE_COLUMNS;

/**
 * Messages and receipts in the embedded store ({@code chat.db}). Appends are queued for the
 * database's group-committing writer, so {@link #append} never blocks and many messages share
 * one disk flush under load.
 */
public final class SqliteMessageStore implements MessageStore {
    /** Conversations whose state the writer keeps between messages (each a few hundred bytes with its members). */
    static final int KEPT_CONVERSATIONS = 4096;

    private final SqliteDatabase db;
    private final RetentionPurge purge;
    /** Writer thread only: conversations as the writer last left them. */
    private final WriterMemo<Key, Kept> writerKept;

    public SqliteMessageStore(SqliteDatabase db) {
        this.db = db;
        this.purge = new RetentionPurge(db);
        this.writerKept = db.memo(KEPT_CONVERSATIONS);
    }

    @Override
    public CompletableFuture<Appended> append(Append append) {
        return typed(db.submitKeepingMemos(c -> appendIn(c, append)));
    }

    @Override
    public CompletableFuture<Appended> append(Append append, WrittenWith with) {
        return typed(db.submitKeepingMemos(c -> {
            Appended appended = appendIn(c, append);
            with.written(appended);
            return appended;
        }));
    }

    private static CompletableFuture<Appended> typed(CompletableFuture<Appended> written) {
        return written.exceptionallyCompose(failure -> {
            var cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof StoreException store && store.outcomeUnknown()) {
                // The commit failed where it may have reached the disk: only asking again tells.
                return CompletableFuture.failedFuture(new SamtalException(ErrorCode.OUTCOME_UNKNOWN,
                        ErrorCode.OUTCOME_UNKNOWN.defaultMessage(), cause));
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    /** Milliseconds in the clock hour by which a sender's first message of the hour is known. */
    private static final long HOUR_MILLIS = 3_600_000L;

    /**
     * A conversation and its current members as the writer last left them (see {@link #state}),
     * with its chain's newest link ({@code null}: none yet, the chain begins at the next message)
     * and, per member id, the clock hour of their newest message.
     */
    private record Kept(Conversation conversation, List<Member> members, byte[] head, Map<String, Long> writtenHours) {
        Kept withMembers(List<Member> changed) {
            return new Kept(conversation, changed, head, writtenHours);
        }
    }

    private record Key(String tenantId, String conversationId) {
    }

    /**
     * On the writer: the conversation and its current members, from the writer's memo or read
     * (and remembered). Every write of a message needed both; reading them was more than half
     * of the chat writer's time.
     */
    private Kept state(Connection c, Key key) throws SQLException {
        Kept kept = writerKept.get(key);
        if (kept == null) {
            var conversation = ChatRows.existingConversation(c, key.tenantId(), key.conversationId());
            kept = new Kept(conversation, ChatRows.members(c, key.tenantId(), key.conversationId(), true),
                    StoredChain.head(c, key.tenantId(), key.conversationId()), writtenHours(c, key));
            writerKept.put(key, kept);
        }
        return kept;
    }

    private static Map<String, Long> writtenHours(Connection c, Key key) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT id, written_hour FROM members WHERE tenant_id = ?"
                + " AND conversation_id = ? AND removed_at IS NULL")) {
            st.setString(1, key.tenantId());
            st.setString(2, key.conversationId());
            var hours = new HashMap<String, Long>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    hours.put(rs.getString(1), rs.getLong(2));
                }
            }
            return hours;
        }
    }

    private Appended appendIn(Connection c, Append a) throws SQLException {
        var key = new Key(a.tenantId(), a.conversationId());
        Kept kept = state(c, key);
        Conversation conversation = kept.conversation();
        List<Member> members = kept.members();
        Member sender = null;
        for (Member m : members) {
            if (m.ref().equals(a.senderRef())) {
                sender = m;
            }
        }
        if (sender == null) {
            throw new SamtalException(ErrorCode.NOT_A_MEMBER);
        }
        if (conversation.status() == ConversationStatus.CLOSED) {
            // A message stored before the conversation closed is still found by its key.
            return earlier(c, a, sender.id(), conversation, members)
                    .orElseThrow(() -> new SamtalException(ErrorCode.CONVERSATION_CLOSED));
        }
        long seq = conversation.lastSeq() + 1;
        // Times never go backwards within a conversation, so retention removes a prefix of it.
        Instant sentAt = a.sentAt().truncatedTo(ChronoUnit.MILLIS);
        if (sentAt.isBefore(conversation.lastActivityAt())) {
            sentAt = conversation.lastActivityAt();
        }
        var message = new Message(a.conversationId(), seq, sender.id(), sender.role(), sender.name(), a.text(), sentAt,
                a.idempotencyKey());
        byte[] link = MessageChain.next(kept.head() != null ? kept.head() : MessageChain.genesis(), a.tenantId(), message);
        long hour = Math.floorDiv(sentAt.toEpochMilli(), HOUR_MILLIS);
        boolean opensHour = kept.writtenHours().getOrDefault(sender.id(), -1L) != hour;
        // Inserted first: the unique index on the idempotency key finds a repeat (rare) without a
        // look-up for every message.
        try (PreparedStatement st = c.prepareStatement("INSERT INTO messages (tenant_id, " + MESSAGE_COLUMNS
                + ", chain) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
            st.setString(1, a.tenantId());
            st.setString(2, message.conversationId());
            st.setLong(3, seq);
            st.setString(4, sender.id());
            st.setString(5, sender.role().wire());
            st.setString(6, sender.name());
            st.setString(7, message.text());
            st.setLong(8, sentAt.toEpochMilli());
            st.setString(9, message.idempotencyKey());
            st.setBytes(10, link);
            st.executeUpdate();
        } catch (SQLiteException e) {
            if (e.getResultCode() != SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE) {
                throw e;
            }
            return earlier(c, a, sender.id(), conversation, members).orElseThrow(() -> e);
        }
        try (PreparedStatement st = c.prepareStatement(
                "UPDATE conversations SET last_seq = ?, last_activity_at = ?, chain_head = ? WHERE tenant_id = ? AND id = ?")) {
            st.setLong(1, seq);
            st.setLong(2, sentAt.toEpochMilli());
            st.setBytes(3, link);
            st.setString(4, a.tenantId());
            st.setString(5, a.conversationId());
            st.executeUpdate();
        }
        // Writing means having read everything before; the hour is the sender's newest message's.
        try (PreparedStatement st = c.prepareStatement("UPDATE members SET delivered_seq = max(delivered_seq, ?),"
                + " read_seq = max(read_seq, ?), written_hour = ? WHERE tenant_id = ? AND conversation_id = ? AND id = ?")) {
            st.setLong(1, seq);
            st.setLong(2, seq);
            st.setLong(3, hour);
            st.setString(4, a.tenantId());
            st.setString(5, a.conversationId());
            st.setString(6, sender.id());
            st.executeUpdate();
        }
        var after = conversation.afterMessage(seq, sentAt);
        String senderId = sender.id();
        var membersAfter = members.stream().map(m -> m.id().equals(senderId) ? m.withReceipts(seq, seq) : m).toList();
        Map<String, Long> hours = kept.writtenHours();
        if (opensHour) {
            hours = new HashMap<>(hours);
            hours.put(senderId, hour);
        }
        writerKept.put(key, new Kept(after, membersAfter, link, hours));
        return new Appended(message, false, after, membersAfter, MessageChain.hex(link), opensHour);
    }

    /** The message stored before under the same key (the same text, or {@code conflict}). */
    private static Optional<Appended> earlier(Connection c, Append a, String senderId, Conversation conversation,
                                              List<Member> members) throws SQLException {
        var earlier = byKey(c, a.tenantId(), a.conversationId(), senderId, a.idempotencyKey());
        if (earlier.isPresent() && !earlier.get().text().equals(a.text())) {
            throw new SamtalException(ErrorCode.CONFLICT, "This idempotency key was used for another message.");
        }
        return earlier.map(m -> new Appended(m, true, conversation, members, null, false));
    }

    private static Optional<Message> byKey(Connection c, String tenantId, String conversationId, String senderId, String key)
            throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT " + MESSAGE_COLUMNS + " FROM messages WHERE tenant_id = ?"
                + " AND conversation_id = ? AND sender_id = ? AND idempotency_key = ?")) {
            st.setString(1, tenantId);
            st.setString(2, conversationId);
            st.setString(3, senderId);
            st.setString(4, key);
            var found = ChatRows.messages(st);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    @Override
    public Snapshot read(String tenantId, String conversationId, String memberRef, HistoryQuery query) {
        return db.read(c -> {
            Conversation conversation = ChatRows.existingConversation(c, tenantId, conversationId);
            Member you = ChatRows.currentMember(c, tenantId, conversationId, memberRef);
            HistoryPage page = page(c, conversation, you, query);
            return new Snapshot(conversation, ChatRows.members(c, tenantId, conversationId, true), you,
                    ChatRows.unread(c, tenantId, conversation, you), page);
        });
    }

    private static HistoryPage page(Connection c, Conversation conversation, Member you, HistoryQuery q) throws SQLException {
        long last = conversation.lastSeq();
        long start = Math.max(conversation.historyStart(), you.visibleFrom());
        boolean ascending = q.afterSeq() != null;
        long bound;
        if (ascending) {
            checkRange(q.afterSeq(), 0, last, "afterSeq", last);
            bound = Math.max(q.afterSeq(), start - 1);
        } else {
            bound = q.beforeSeq() != null ? q.beforeSeq() : last + 1;
            checkRange(bound, 1, last + 1, "beforeSeq", last);
        }
        String sql = "SELECT " + MESSAGE_COLUMNS + " FROM messages WHERE tenant_id = ? AND conversation_id = ? AND "
                + (ascending ? "seq > ? ORDER BY seq ASC" : "seq < ? AND seq >= ? ORDER BY seq DESC") + " LIMIT ?";
        List<Message> rows;
        try (PreparedStatement st = c.prepareStatement(sql)) {
            int i = 1;
            st.setString(i++, conversation.tenantId());
            st.setString(i++, conversation.id());
            st.setLong(i++, bound);
            if (!ascending) {
                st.setLong(i++, start);
            }
            st.setInt(i, q.limit() + 1);
            rows = ChatRows.messages(st);
        }
        var taken = new ArrayList<Message>();
        long bytes = 0;
        for (Message m : rows) {
            if (taken.size() == q.limit() || (!taken.isEmpty() && bytes + MessageText.utf8Length(m.text()) > q.maxBytes())) {
                break;
            }
            taken.add(m);
            bytes += MessageText.utf8Length(m.text());
        }
        boolean more = taken.size() < rows.size();
        if (!ascending) {
            Collections.reverse(taken);
        }
        return new HistoryPage(taken, more, start, last);
    }

    private static void checkRange(long seq, long min, long max, String field, long lastSeq) {
        if (seq < min) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "'" + field + "' must be at least " + min + ".");
        }
        if (seq > max) {
            throw new SamtalException(ErrorCode.SEQUENCE_OUT_OF_RANGE,
                    "'" + field + "' is " + seq + " but the conversation's newest message is " + lastSeq + ".");
        }
    }

    @Override
    public Receipt mark(String tenantId, String conversationId, String memberRef, Long deliveredSeq, Long readSeq) {
        return db.writeKeepingMemos(c -> {
            var key = new Key(tenantId, conversationId);
            Kept kept = state(c, key);
            Conversation conversation = kept.conversation();
            Member you = kept.members().stream().filter(m -> m.ref().equals(memberRef)).findFirst()
                    .orElseThrow(() -> new SamtalException(ErrorCode.NOT_A_MEMBER));
            long delivered = you.deliveredSeq();
            long read = you.readSeq();
            if (deliveredSeq != null) {
                checkRange(deliveredSeq, 0, conversation.lastSeq(), "deliveredSeq", conversation.lastSeq());
                delivered = Math.max(delivered, deliveredSeq);
            }
            if (readSeq != null) {
                checkRange(readSeq, 0, conversation.lastSeq(), "readSeq", conversation.lastSeq());
                read = Math.max(read, readSeq);
                delivered = Math.max(delivered, read);
            }
            boolean changed = delivered != you.deliveredSeq() || read != you.readSeq();
            Member moved = you.withReceipts(delivered, read);
            if (changed) {
                setReceipts(c, tenantId, conversationId, you.id(), delivered, read);
                writerKept.put(key, kept.withMembers(
                        kept.members().stream().map(m -> m.id().equals(moved.id()) ? moved : m).toList()));
            }
            return new Receipt(you.id(), delivered, read, changed, ChatRows.unread(c, tenantId, conversation, moved));
        });
    }

    private static void setReceipts(Connection c, String tenantId, String conversationId, String memberId, long delivered,
                                    long read) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE members SET delivered_seq = max(delivered_seq, ?),"
                + " read_seq = max(read_seq, ?) WHERE tenant_id = ? AND conversation_id = ? AND id = ?")) {
            st.setLong(1, delivered);
            st.setLong(2, read);
            st.setString(3, tenantId);
            st.setString(4, conversationId);
            st.setString(5, memberId);
            st.executeUpdate();
        }
    }

    @Override
    public Map<String, Integer> unread(String tenantId, String conversationId) {
        return db.read(c -> {
            Conversation conversation = ChatRows.existingConversation(c, tenantId, conversationId);
            var counts = new LinkedHashMap<String, Integer>();
            for (Member member : ChatRows.members(c, tenantId, conversationId, true)) {
                counts.put(member.id(), ChatRows.unread(c, tenantId, conversation, member));
            }
            return counts;
        });
    }

    @Override
    public List<Message> export(String tenantId, String conversationId, long afterSeq, int limit) {
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT " + MESSAGE_COLUMNS + " FROM messages WHERE tenant_id = ?"
                    + " AND conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?")) {
                st.setString(1, tenantId);
                st.setString(2, conversationId);
                st.setLong(3, afterSeq);
                st.setInt(4, limit);
                return ChatRows.messages(st);
            }
        });
    }

    @Override
    public ChainCheck verifyChain(String tenantId, String conversationId, Supplier<Map<Long, String>> pins) {
        Map<Long, String> kept = pins.get();
        return db.read(c -> StoredChain.verify(c, tenantId, conversationId, kept));
    }

    @Override
    public PurgeResult purge(String tenantId, Instant cutoff, int limit) {
        return purge.run(tenantId, cutoff, limit);
    }
}
