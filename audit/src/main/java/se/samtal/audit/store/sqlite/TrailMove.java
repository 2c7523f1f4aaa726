package se.samtal.audit.store.sqlite;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.sqlite.SqliteDatabase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * Moves a trail kept in a database of its own (the server's {@code audit.db} until December 2026)
 * into the database where the audit tables are now a guest (its {@code chat.db}), once, at start:
 * every row as it is stored, so every hash and link is unchanged and verification holds. The old
 * file is then renamed {@code <name>.moved} (kept for the operator to remove once they are
 * satisfied). Run before the shared database is written to.
 *
 * <p>If the start stops between copying and renaming, the next start finds the same chains in
 * both and only renames. If both hold different trails (a backup restored beside the new one),
 * it refuses to start rather than merge or drop either.
 */
public final class TrailMove {
    private static final Logger log = LoggerFactory.getLogger(TrailMove.class);

    private TrailMove() {
    }

    /**
     * Moves the trail in {@code from}, if that file exists, into {@code into} (opened with the audit
     * tables as a guest, not yet written to: empty, or holding this same trail).
     *
     * @return whether there was a trail to move
     * @throws IllegalStateException if both hold a different trail, or the move failed (nothing moved then)
     */
    public static boolean into(SqliteDatabase shared, Path from) {
        Path into = shared.file();
        if (!Files.exists(from)) {
            return false;
        }
        // Brought to this build's audit schema, and its write-ahead log folded in on close.
        SqliteDatabase.open(from, AuditSchema.MIGRATIONS, 1).close();
        try (Connection c = SqliteDatabase.connect(into)) {
            Set<String> heads = heads(c, "main");
            try (Statement st = c.createStatement()) {
                st.execute("ATTACH DATABASE '" + from.toAbsolutePath().toString().replace("'", "''") + "' AS moved");
            }
            try {
                Set<String> movedHeads = heads(c, "moved");
                if (!heads.isEmpty() && !heads.equals(movedHeads)) {
                    throw new IllegalStateException("Both " + into.getFileName() + " and " + from.getFileName()
                            + " hold an audit trail, and they differ; samtal will not merge or drop either."
                            + " Keep the one that is current and move the other away.");
                }
                if (heads.isEmpty()) {
                    copy(c);
                }
            } finally {
                try (Statement st = c.createStatement()) {
                    st.execute("DETACH DATABASE moved");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not move the audit trail from " + from.getFileName() + " into "
                    + into.getFileName() + ": " + e.getMessage(), e);
        }
        try {
            Files.move(from, from.resolveSibling(from.getFileName() + ".moved"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("The audit trail was copied into " + into.getFileName() + ", but "
                    + from.getFileName() + " could not be renamed: " + e.getMessage(), e);
        }
        log.atInfo().setMessage("Moved the audit trail into the chat database; the old file is kept with the suffix .moved")
                .addKeyValue("from", from.getFileName()).addKeyValue("into", into.getFileName()).log();
        return true;
    }

    private static void copy(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            for (String table : AuditSchema.TABLES) {
                st.execute("INSERT INTO main." + table + " SELECT * FROM moved." + table);
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static Set<String> heads(Connection c, String schema) throws SQLException {
        var heads = new HashSet<String>();
        try (Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT tenant_id, seq, hash FROM " + schema + ".audit_heads")) {
            while (rs.next()) {
                heads.add(rs.getString(1) + "/" + rs.getLong(2) + "/" + rs.getString(3));
            }
        }
        return heads;
    }
}
