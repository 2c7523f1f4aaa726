package se.samtal.audit.store.sqlite;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samtal.audit.chain.ChainPoint;
import se.samtal.audit.chain.IndexRef;
import se.samtal.audit.store.AuditPage;
import se.samtal.audit.store.AuditQuery;
import se.samtal.audit.store.AuditStore;
import se.samtal.audit.store.AuditStoreContract;
import se.samtal.audit.store.PageCursor;
import se.samtal.audit.verify.ChainVerifier;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static se.samtal.audit.store.AuditFixtures.T0;
import static se.samtal.audit.store.AuditFixtures.TENANT;
import static se.samtal.audit.store.AuditFixtures.read;

/**
 * The contract against the embedded store, on a fresh file per test. Tampering goes through a
 * connection of its own to the file, as someone with the sqlite3 shell would. With the store's
 * own fold (a few thousand rows) every entry of these tests stays filed in
 * {@code audit_filed_lately}; {@link SqliteAuditStoreFoldingTest} runs the same with a fold every three rows, so
 * that entries are found in both places and across them.
 */
class SqliteAuditStoreTest extends AuditStoreContract {
    @TempDir
    Path dir;
    private SqliteAuditStore store;

    /** After how many rows filed lately the store moves them into the index. */
    int foldRows() {
        return SqliteAuditStore.FOLD_ROWS;
    }

    @BeforeEach
    void open() {
        store = SqliteAuditStore.open(dir.resolve("audit.db"), foldRows());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    protected AuditStore store() {
        return store;
    }

    /** Runs SQL as an outsider would: its own connection, without samtal's trigger (they can drop it). */
    private void outsider(String sql, Object... args) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("audit.db"))) {
            c.createStatement().execute("PRAGMA busy_timeout=5000");
            c.createStatement().execute("DROP TRIGGER IF EXISTS audit_entries_append_only");
            try (PreparedStatement st = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    st.setObject(i + 1, args[i]);
                }
                st.executeUpdate();
            }
            c.createStatement().execute(AuditSchema.NO_UPDATES);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected void overwrite(String tenantId, long seq, String canonical, String hash) {
        outsider("UPDATE audit_entries SET entry = ?, hash = ? WHERE tenant_id = ? AND seq = ?", canonical, hash, tenantId, seq);
    }

    @Override
    protected void delete(String tenantId, long seq) {
        outsider("DELETE FROM audit_entries WHERE tenant_id = ? AND seq = ?", tenantId, seq);
    }

    @Override
    protected void unfile(String tenantId, long seq, IndexRef ref) {
        outsider("DELETE FROM audit_index WHERE tenant_id = ? AND seq = ? AND key = ?", tenantId, seq, ref.key());
        outsider("DELETE FROM audit_filed_lately WHERE tenant_id = ? AND seq = ? AND key = ?", tenantId, seq, ref.key());
    }

    @Override
    protected void setAnchor(String tenantId, ChainPoint anchor) {
        outsider("UPDATE audit_anchors SET seq = ?, hash = ? WHERE tenant_id = ?", anchor.seq(), anchor.hash(), tenantId);
    }

    @Test
    void theDatabaseRefusesToUpdateAnEntry() {
        store.append(read(TENANT, "s_1", T0, "p-1")).join();
        assertThatThrownBy(() -> store.database().write(c -> c.createStatement()
                .executeUpdate("UPDATE audit_entries SET entry = '{}'")))
                .hasMessageContaining("append-only");
        assertThat(store.state(TENANT).head().seq()).isEqualTo(1);
    }

    @Test
    void theChainSurvivesClosingAndOpeningTheFile() {
        var first = store.append(read(TENANT, "s_1", T0, "p-1")).join();
        store.close();
        store = SqliteAuditStore.open(dir.resolve("audit.db"), foldRows());
        var second = store.append(read(TENANT, "s_1", T0.plusSeconds(1), "p-1")).join();

        assertThat(second.seq()).isEqualTo(2);
        assertThat(second.prevHash()).isEqualTo(first.hash());
    }

    @Test
    void entriesFiledLatelyAreMovedIntoTheIndexAndFoundExactlyOnceWhereverTheyAre() {
        store.close();
        store = SqliteAuditStore.open(dir.resolve("folding.db"), 6);
        // Each entry is filed in two places (its patient, its session): a generation is three entries.
        var expected = new TreeMap<String, List<Long>>();
        long maxLately = 0;
        for (int i = 0; i < 60; i++) {
            String session = "s_" + (i % 4);
            String patient = "p-" + (i % 5);
            var entry = store.append(read(TENANT, session, T0.plusSeconds(i / 2), patient)).join();
            expected.computeIfAbsent("object/session:" + session, k -> new ArrayList<>()).add(entry.seq());
            expected.computeIfAbsent("patient/" + patient, k -> new ArrayList<>()).add(entry.seq());
            if (i == 25) {
                // The writer forgets what it kept: it reads the fold's state again, mid-move or not.
                store.close();
                store = SqliteAuditStore.open(dir.resolve("folding.db"), 6);
            }
            maxLately = Math.max(maxLately, rows("audit_filed_lately"));
            for (var place : expected.entrySet()) {
                assertThat(found(place.getKey())).as("%s after entry %d", place.getKey(), i).isEqualTo(place.getValue());
            }
        }
        assertThat(rows("audit_index")).as("moved into the index").isGreaterThan(90);
        assertThat(maxLately).as("what is filed lately stays about two generations").isLessThanOrEqualTo(14);
        assertThat(new ChainVerifier(store).verify(TENANT).intact()).isTrue();
    }

    @Test
    void aPurgeWhileAGenerationIsBeingMovedLeavesNoFilingOfWhatItRemoved() {
        store.close();
        store = SqliteAuditStore.open(dir.resolve("folding.db"), 6);
        // Four entries: a generation of six rows is full and being moved when the purge comes.
        for (int i = 0; i < 4; i++) {
            store.append(read(TENANT, "s_" + i, T0.plusSeconds(i), "p-" + i)).join();
        }
        var purged = store.purge(TENANT, T0.plusSeconds(2), 10, T0.plusSeconds(3600));
        assertThat(purged.entries()).isEqualTo(2);
        for (int i = 4; i < 20; i++) {
            store.append(read(TENANT, "s_" + i, T0.plusSeconds(i), "p-" + i)).join();
        }
        assertThat(rowsAtOrBefore("audit_index", 2) + rowsAtOrBefore("audit_filed_lately", 2))
                .as("filing of the purged entries").isZero();
        assertThat(found("patient/p-0")).isEmpty();
        assertThat(found("patient/p-3")).containsExactly(4L);
        assertThat(new ChainVerifier(store).verify(TENANT).intact()).isTrue();
    }

    private long rowsAtOrBefore(String table, long seq) {
        return store.database().read(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT count(*) FROM " + table + " WHERE seq <= " + seq)) {
                return rs.next() ? rs.getLong(1) : -1L;
            }
        });
    }

    /** The seqs found under {@code place} ({@code kind/key}), a page of two at a time, in time order. */
    private List<Long> found(String place) {
        String[] kindKey = place.split("/", 2);
        var kind = kindKey[0].equals("patient") ? IndexRef.Kind.PATIENT : IndexRef.Kind.OBJECT;
        var seqs = new ArrayList<Long>();
        PageCursor after = null;
        do {
            AuditPage page = store.find(new AuditQuery(TENANT, kind, kindKey[1], Instant.EPOCH, T0.plusSeconds(600), after, 2));
            page.entries().forEach(e -> seqs.add(e.seq()));
            after = page.next();
        } while (after != null);
        return seqs;
    }

    private long rows(String table) {
        return store.database().read(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
                return rs.next() ? rs.getLong(1) : -1L;
            }
        });
    }

}
