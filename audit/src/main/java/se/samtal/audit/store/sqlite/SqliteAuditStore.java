package se.samtal.audit.store.sqlite;

import se.samtal.audit.AuditEvent;
import se.samtal.audit.chain.AuditEntry;
import se.samtal.audit.chain.ChainPoint;
import se.samtal.audit.chain.IndexRef;
import se.samtal.audit.chain.PurgeRecord;
import se.samtal.audit.chain.StoredEntry;
import se.samtal.audit.store.AuditPage;
import se.samtal.audit.store.AuditQuery;
import se.samtal.audit.store.AuditStore;
import se.samtal.audit.store.ChainState;
import se.samtal.audit.store.FoundRow;
import se.samtal.audit.store.PageCursor;
import se.samtal.audit.store.PurgeResult;
import se.samtal.audit.store.RetentionCut;
import se.samtal.sqlite.SqliteDatabase;
import se.samtal.sqlite.WriterMemo;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The audit chains in the embedded store: a database of their own ({@link #open}), or a guest's
 * tables in another part's ({@link #sharing}: the server keeps them in {@code chat.db}, so that a
 * chat message and its entry are one write). Appends queue for the database's one writer, which
 * commits everything queued in one transaction (group commit): each append reads its tenant's
 * head, links the entry to it and moves the head, inside that transaction.
 */
public final class SqliteAuditStore implements AuditStore {
    /** Tenants whose chain head the writer keeps between entries. */
    private static final int KEPT_HEADS = 1024;
    /** How many rows a generation of {@code audit_filed_lately} gathers before it is moved into the index ({@link LateFiling}). */
    static final int FOLD_ROWS = 4096;
    /** One place's rows for a query (the table formatted in, and a condition on its rows {@code l}): eight parameters. */
    private static final String FILED_IN = "SELECT l.at, l.seq FROM %s WHERE l.tenant_id = ? AND l.kind = ? AND l.key = ?"
            + " AND l.at >= ? AND l.at < ? AND (l.at > ? OR (l.at = ? AND l.seq > ?)) AND %s";

    private final SqliteDatabase db;
    /** Whether closing the store closes the database (it opened it). */
    private final boolean ownsDatabase;
    /** Writer thread only: each tenant's head as the writer last left it (only this store writes the heads). */
    private final WriterMemo<String, ChainPoint> heads;
    /** Writer thread only: where entries are filed. */
    private final LateFiling filing;

    /** The store in {@code db}, a database with the audit schema of its own; closing the store closes it. */
    public SqliteAuditStore(SqliteDatabase db) {
        this(db, true, FOLD_ROWS);
    }

    SqliteAuditStore(SqliteDatabase db, boolean ownsDatabase, int foldRows) {
        this.db = db;
        this.ownsDatabase = ownsDatabase;
        this.heads = db.memoOfOwnRows(KEPT_HEADS);
        this.filing = new LateFiling(db, foldRows);
        db.write(c -> {
            try (Statement st = c.createStatement()) {
                st.execute(AuditSchema.NO_UPDATES);
            }
            return null;
        });
    }

    /** Opens (creating or migrating) the audit database at {@code file}; the store closes it. */
    public static SqliteAuditStore open(Path file) {
        return open(file, FOLD_ROWS);
    }

    /** {@link #open(Path)}, moving what was filed lately into the index every {@code foldRows} rows (tests). */
    static SqliteAuditStore open(Path file, int foldRows) {
        return new SqliteAuditStore(SqliteDatabase.open(file, AuditSchema.MIGRATIONS, 2), true, foldRows);
    }

    /**
     * The store as a guest in {@code db}, opened with {@link AuditSchema#GUEST} among its guests.
     * Closing the store leaves the database open: its owner closes it.
     */
    public static SqliteAuditStore sharing(SqliteDatabase db) {
        return new SqliteAuditStore(db, false, FOLD_ROWS);
    }

    /** The database, to observe its commits. */
    public SqliteDatabase database() {
        return db;
    }

    @Override
    public CompletableFuture<AuditEntry> append(AuditEvent event) {
        return db.submitKeepingMemos(c -> appendIn(c, event));
    }

    @Override
    public CompletableFuture<AuditEntry> appendWithin(AuditEvent event) {
        if (!db.inWrite()) {
            throw new IllegalStateException("no write of this audit store's database runs on this thread");
        }
        return db.submitKeepingMemos(c -> appendIn(c, event));
    }

    private AuditEntry appendIn(Connection c, AuditEvent event) throws SQLException {
        ChainPoint head = heads.get(event.tenantId());
        if (head == null) {
            head = head(c, event.tenantId());
        }
        AuditEntry entry = AuditEntry.after(head, event);
        try (PreparedStatement st = c.prepareStatement(
                "INSERT INTO audit_entries (tenant_id, seq, entry, prev_hash, hash) VALUES (?,?,?,?,?)")) {
            st.setString(1, event.tenantId());
            st.setLong(2, entry.seq());
            st.setString(3, entry.canonical());
            st.setString(4, entry.prevHash());
            st.setString(5, entry.hash());
            st.executeUpdate();
        }
        if (!entry.filing().isEmpty()) {
            filing.file(c, event.tenantId(), entry);
        }
        setPoint(c, "audit_heads", event.tenantId(), entry.point());
        heads.put(event.tenantId(), entry.point());
        return entry;
    }

    @Override
    public AuditPage find(AuditQuery q) {
        return db.read(c -> {
            // Both places an entry may be filed in, merged in the index's order (each part comes
            // sorted: the index by its key, the few thousand rows filed lately sorted apart).
            try (PreparedStatement st = c.prepareStatement("SELECT f.at, f.seq, e.entry, e.prev_hash, e.hash FROM ("
                    + FILED_IN.formatted("audit_index l", "1") + " UNION ALL "
                    + FILED_IN.formatted(LateFiling.FILED_LATELY, LateFiling.NOT_MOVED)
                    + " ORDER BY 1, 2 LIMIT ?) f JOIN audit_entries e ON e.tenant_id = ? AND e.seq = f.seq ORDER BY f.at, f.seq")) {
                PageCursor after = q.after() != null ? q.after() : new PageCursor(Long.MIN_VALUE, 0);
                int p = 0;
                for (int part = 0; part < 2; part++) {
                    st.setString(++p, q.tenantId());
                    st.setString(++p, LateFiling.kindName(q.kind()));
                    st.setString(++p, q.key());
                    st.setLong(++p, q.from().toEpochMilli());
                    st.setLong(++p, q.to().toEpochMilli());
                    st.setLong(++p, after.atMillis());
                    st.setLong(++p, after.atMillis());
                    st.setLong(++p, after.seq());
                }
                st.setInt(++p, q.limit() + 1);
                st.setString(++p, q.tenantId());
                var rows = new ArrayList<FoundRow>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new FoundRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                    }
                }
                return FoundRow.page(q, rows);
            }
        });
    }

    @Override
    public ChainState state(String tenantId) {
        return db.read(c -> state(c, tenantId));
    }

    private static ChainState state(Connection c, String tenantId) throws SQLException {
        return new ChainState(head(c, tenantId), point(c, "audit_anchors", tenantId));
    }

    private static ChainPoint head(Connection c, String tenantId) throws SQLException {
        ChainPoint head = point(c, "audit_heads", tenantId);
        return head != null ? head : ChainPoint.GENESIS;
    }

    private static ChainPoint point(Connection c, String table, String tenantId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT seq, hash FROM " + table + " WHERE tenant_id = ?")) {
            st.setString(1, tenantId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? new ChainPoint(rs.getLong(1), rs.getString(2)) : null;
            }
        }
    }

    private static void setPoint(Connection c, String table, String tenantId, ChainPoint point) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO " + table + " (tenant_id, seq, hash) VALUES (?,?,?)"
                + " ON CONFLICT (tenant_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash")) {
            st.setString(1, tenantId);
            st.setLong(2, point.seq());
            st.setString(3, point.hash());
            st.executeUpdate();
        }
    }

    @Override
    public List<StoredEntry> scan(String tenantId, long afterSeq, int limit) {
        return db.read(c -> {
            // One read transaction: the entries and their filing as of one moment.
            c.setAutoCommit(false);
            try {
                return scanIn(c, tenantId, afterSeq, limit);
            } finally {
                c.commit();
                c.setAutoCommit(true);
            }
        });
    }

    /** An entry's row as stored. */
    private record Stored(long seq, String entry, String prevHash, String hash) {
    }

    /** The tenant's stored entries after {@code afterSeq}, in order, at most {@code limit}. */
    private static List<Stored> entriesAfter(Connection c, String tenantId, long afterSeq, int limit) throws SQLException {
        var stored = new ArrayList<Stored>();
        try (PreparedStatement st = c.prepareStatement("SELECT seq, entry, prev_hash, hash FROM audit_entries"
                + " WHERE tenant_id = ? AND seq > ? ORDER BY seq LIMIT ?")) {
            st.setString(1, tenantId);
            st.setLong(2, afterSeq);
            st.setInt(3, limit);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    stored.add(new Stored(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        return stored;
    }

    private static List<StoredEntry> scanIn(Connection c, String tenantId, long afterSeq, int limit) throws SQLException {
        var stored = entriesAfter(c, tenantId, afterSeq, limit);
        if (stored.isEmpty()) {
            return List.of();
        }
        Map<Long, Set<IndexRef>> filing = new HashMap<>();
        try (PreparedStatement st = c.prepareStatement("SELECT seq, kind, key, at FROM audit_index"
                + " WHERE tenant_id = ? AND seq > ? AND seq <= ? UNION ALL SELECT l.seq, l.kind, l.key, l.at FROM "
                + LateFiling.FILED_LATELY + " WHERE l.tenant_id = ? AND l.seq > ? AND l.seq <= ? AND " + LateFiling.NOT_MOVED)) {
            for (int p = 0; p < 6; p += 3) {
                st.setString(p + 1, tenantId);
                st.setLong(p + 2, afterSeq);
                st.setLong(p + 3, stored.getLast().seq());
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    var kind = LateFiling.kindOf(rs.getString(2));
                    filing.computeIfAbsent(rs.getLong(1), s -> new HashSet<>()).add(new IndexRef(kind, rs.getString(3), rs.getLong(4)));
                }
            }
        }
        return stored.stream().map(s -> new StoredEntry(s.seq(), s.entry(), s.prevHash(), s.hash(),
                filing.getOrDefault(s.seq(), Set.of()))).toList();
    }

    @Override
    public PurgeResult purge(String tenantId, Instant cutoff, int limit, Instant now) {
        return db.write(c -> {
            ChainPoint anchor = point(c, "audit_anchors", tenantId);
            long from = anchor != null ? anchor.seq() : 0;
            var candidates = entriesAfter(c, tenantId, from, limit);
            var oldest = new ArrayList<ChainPoint>();
            for (Stored row : candidates) {
                if (!RetentionCut.isBefore(row.entry(), cutoff)) {
                    break;
                }
                oldest.add(new ChainPoint(row.seq(), row.hash()));
            }
            if (oldest.isEmpty()) {
                return PurgeResult.NOTHING;
            }
            ChainPoint through = oldest.getLast();
            filing.forget();
            for (String table : List.of("audit_entries", "audit_index", "audit_filed_lately")) {
                try (PreparedStatement st = c.prepareStatement("DELETE FROM " + table
                        + " WHERE tenant_id = ? AND seq > ? AND seq <= ?")) {
                    st.setString(1, tenantId);
                    st.setLong(2, from);
                    st.setLong(3, through.seq());
                    st.executeUpdate();
                }
            }
            setPoint(c, "audit_anchors", tenantId, through);
            var record = appendIn(c, PurgeRecord.event(tenantId, now, through, oldest.size(), cutoff));
            return new PurgeResult(oldest.size(), oldest.size() == limit, record);
        });
    }

    @Override
    public boolean isHealthy() {
        return db.isHealthy();
    }

    @Override
    public void close() {
        if (ownsDatabase) {
            db.close();
        }
    }
}
