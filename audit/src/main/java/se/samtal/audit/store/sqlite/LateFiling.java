package se.samtal.audit.store.sqlite;

import se.samtal.audit.chain.AuditEntry;
import se.samtal.audit.chain.IndexRef;
import se.samtal.sqlite.SqliteDatabase;
import se.samtal.sqlite.WriterMemo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;

/**
 * Where the embedded store files its entries, so that filing an entry appends instead of writing
 * in random places. {@code audit_index} is ordered by tenant, kind and key (a patient's ref, an
 * object's key): filing an entry there lands in its patient's and its object's part of the index,
 * a different page for nearly every entry when many conversations are written at once, and each
 * such page is written again at the next commit and again when the write-ahead log is copied back.
 *
 * <p>So an entry is filed first in {@code audit_filed_lately}, ordered by when it was written: a
 * generation of at least {@code foldRows} rows. When a generation is full, the next begins, and the
 * full one is moved into {@code audit_index} in the index's order, key by key, a little with each
 * entry filed after it (twice as many rows as that entry filed): each part of the index is then
 * written once for all of its generation's rows, on the same page, not once per entry, and no
 * commit holds much of the move (moving a whole generation at once held up the commit that did it
 * by tens of milliseconds: every part of the index written at once). {@code audit_fold} records
 * which generation is being moved and the last key moved, in the same transaction as the move; a
 * reader reads the index and the rows filed lately that are not in it yet (see {@link #NOT_MOVED}),
 * so every entry is found exactly once, whichever side it is on. When a generation is moved, its
 * rows are deleted. If the next generation fills before the move is done (it cannot at that pace),
 * it simply grows until then.
 *
 * <p>Writer thread only. What it keeps between entries is a {@link WriterMemo} of its own rows
 * (no other work writes these two tables): kept across other work, forgotten when work fails or
 * a batch is not committed, and by {@link #forget} where the store changes them otherwise
 * (retention); then read again from the two tables.
 */
final class LateFiling {
    static final String PATIENT = "patient";
    static final String OBJECT = "object";

    /**
     * The condition for a row {@code l} of {@code audit_filed_lately}, with the fold's state
     * {@code s} ({@code audit_fold}, which may have no row: then nothing is being moved), that it
     * has not been moved into {@code audit_index} yet.
     */
    static final String NOT_MOVED = "(s.merging IS NULL OR l.gen <> s.merging OR s.through_tenant IS NULL"
            + " OR (l.tenant_id, l.kind, l.key) > (s.through_tenant, s.through_kind, s.through_key))";

    /** The rows filed lately, each with the fold's state (if any), for {@link #NOT_MOVED}. */
    static final String FILED_LATELY = "audit_filed_lately l LEFT JOIN audit_fold s ON s.id = 1";

    private static final String STATE = "state";

    /** A place in the index: a tenant's patient or object. */
    private record Key(String tenantId, String kind, String key) {
    }

    /** One row of filing. */
    private record Row(Key key, long at, long seq) {
    }

    /** The writer's view: the generation filed into and its rows, and what is still to move of the one before. */
    private static final class State {
        long gen;
        long rows;
        long merging;
        final ArrayDeque<Row> toMove = new ArrayDeque<>();
    }

    private final int foldRows;
    private final WriterMemo<String, State> memo;

    LateFiling(SqliteDatabase db, int foldRows) {
        this.foldRows = foldRows;
        this.memo = db.memoOfOwnRows(1);
    }

    /** Writer thread, inside work that changes the two tables other than by {@link #file}. */
    void forget() {
        memo.remove(STATE);
    }

    static String kindName(IndexRef.Kind kind) {
        return kind == IndexRef.Kind.PATIENT ? PATIENT : OBJECT;
    }

    /** The kind a stored name stands for ({@link #kindName}'s inverse). */
    static IndexRef.Kind kindOf(String name) {
        return PATIENT.equals(name) ? IndexRef.Kind.PATIENT : IndexRef.Kind.OBJECT;
    }

    /** Files {@code entry} of {@code tenantId}, inside the writer's transaction that stores it. */
    void file(Connection c, String tenantId, AuditEntry entry) throws SQLException {
        State state = state(c);
        try (PreparedStatement st = c.prepareStatement(
                "INSERT INTO audit_filed_lately (gen, tenant_id, seq, kind, key, at) VALUES (?,?,?,?,?,?)")) {
            for (IndexRef ref : entry.filing()) {
                st.setLong(1, state.gen);
                st.setString(2, tenantId);
                st.setLong(3, entry.seq());
                st.setString(4, kindName(ref.kind()));
                st.setString(5, ref.key());
                st.setLong(6, ref.atMillis());
                st.addBatch();
            }
            st.executeBatch();
        }
        state.rows += entry.filing().size();
        if (state.merging != 0) {
            move(c, state, 2L * entry.filing().size());
        } else if (state.rows >= foldRows) {
            begin(c, state);
        }
    }

    /** The current generation is full: the next begins, and this one is to be moved. */
    private void begin(Connection c, State state) throws SQLException {
        state.merging = state.gen;
        state.gen++;
        state.rows = 0;
        readToMove(c, state, null);
        try (PreparedStatement st = c.prepareStatement("INSERT INTO audit_fold (id, gen, merging) VALUES (1, ?, ?)"
                + " ON CONFLICT (id) DO UPDATE SET gen = excluded.gen, merging = excluded.merging,"
                + " through_tenant = NULL, through_kind = NULL, through_key = NULL")) {
            st.setLong(1, state.gen);
            st.setLong(2, state.merging);
            st.executeUpdate();
        }
    }

    /** Moves at least {@code rows} rows (whole keys) of the generation being moved into the index. */
    private void move(Connection c, State state, long rows) throws SQLException {
        Key last = null;
        try (PreparedStatement st = c.prepareStatement(
                "INSERT INTO audit_index (tenant_id, kind, key, at, seq) VALUES (?,?,?,?,?)")) {
            long moved = 0;
            while (!state.toMove.isEmpty() && (moved < rows || state.toMove.peekFirst().key().equals(last))) {
                Row row = state.toMove.pollFirst();
                st.setString(1, row.key().tenantId());
                st.setString(2, row.key().kind());
                st.setString(3, row.key().key());
                st.setLong(4, row.at());
                st.setLong(5, row.seq());
                st.addBatch();
                moved++;
                last = row.key();
            }
            st.executeBatch();
        }
        if (state.toMove.isEmpty()) {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM audit_filed_lately WHERE gen = ?")) {
                st.setLong(1, state.merging);
                st.executeUpdate();
            }
            state.merging = 0;
            try (PreparedStatement st = c.prepareStatement("UPDATE audit_fold SET merging = NULL,"
                    + " through_tenant = NULL, through_kind = NULL, through_key = NULL WHERE id = 1")) {
                st.executeUpdate();
            }
        } else if (last != null) {
            try (PreparedStatement st = c.prepareStatement(
                    "UPDATE audit_fold SET through_tenant = ?, through_kind = ?, through_key = ? WHERE id = 1")) {
                st.setString(1, last.tenantId());
                st.setString(2, last.kind());
                st.setString(3, last.key());
                st.executeUpdate();
            }
        }
    }

    private State state(Connection c) throws SQLException {
        State state = memo.get(STATE);
        if (state != null) {
            return state;
        }
        state = new State();
        state.gen = 1;
        Key through = null;
        try (PreparedStatement st = c.prepareStatement(
                "SELECT gen, merging, through_tenant, through_kind, through_key FROM audit_fold WHERE id = 1");
             ResultSet rs = st.executeQuery()) {
            if (rs.next()) {
                state.gen = rs.getLong(1);
                state.merging = rs.getLong(2);
                if (rs.getString(3) != null) {
                    through = new Key(rs.getString(3), rs.getString(4), rs.getString(5));
                }
            }
        }
        try (PreparedStatement st = c.prepareStatement("SELECT count(*) FROM audit_filed_lately WHERE gen = ?")) {
            st.setLong(1, state.gen);
            try (ResultSet rs = st.executeQuery()) {
                state.rows = rs.next() ? rs.getLong(1) : 0;
            }
        }
        if (state.merging != 0) {
            readToMove(c, state, through);
        }
        memo.put(STATE, state);
        return state;
    }

    /** The rows of the generation being moved that are not in the index yet (after {@code through}), in its order. */
    private static void readToMove(Connection c, State state, Key through) throws SQLException {
        state.toMove.clear();
        try (PreparedStatement st = c.prepareStatement("SELECT tenant_id, kind, key, at, seq FROM audit_filed_lately"
                + " WHERE gen = ? AND (? IS NULL OR (tenant_id, kind, key) > (?, ?, ?))"
                + " ORDER BY tenant_id, kind, key, at, seq")) {
            st.setLong(1, state.merging);
            String tenant = through != null ? through.tenantId() : null;
            st.setString(2, tenant);
            st.setString(3, tenant);
            st.setString(4, through != null ? through.kind() : null);
            st.setString(5, through != null ? through.key() : null);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    state.toMove.add(new Row(new Key(rs.getString(1), rs.getString(2), rs.getString(3)), rs.getLong(4), rs.getLong(5)));
                }
            }
        }
    }
}
