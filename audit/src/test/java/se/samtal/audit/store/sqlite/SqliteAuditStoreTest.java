package se.samtal.audit.store.sqlite;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samtal.audit.chain.ChainPoint;
import se.samtal.audit.chain.IndexRef;
import se.samtal.audit.store.AuditStore;
import se.samtal.audit.store.AuditStoreContract;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static se.samtal.audit.store.AuditFixtures.T0;
import static se.samtal.audit.store.AuditFixtures.TENANT;
import static se.samtal.audit.store.AuditFixtures.read;

/**
 * The contract against the embedded store, on a fresh file per test. Tampering goes through a
 * connection of its own to the file, as someone with the sqlite3 shell would.
 */
class SqliteAuditStoreTest extends AuditStoreContract {
    @TempDir
    Path dir;
    private SqliteAuditStore store;

    @BeforeEach
    void open() {
        store = SqliteAuditStore.open(dir.resolve("audit.db"));
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
        store = SqliteAuditStore.open(dir.resolve("audit.db"));
        var second = store.append(read(TENANT, "s_1", T0.plusSeconds(1), "p-1")).join();

        assertThat(second.seq()).isEqualTo(2);
        assertThat(second.prevHash()).isEqualTo(first.hash());
    }
}
