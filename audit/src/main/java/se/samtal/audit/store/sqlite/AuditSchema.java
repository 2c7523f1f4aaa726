package se.samtal.audit.store.sqlite;

import se.samtal.sqlite.SqliteDatabase;

import java.util.List;

/**
 * The audit trail's tables: append-only migrations, applied in order on start. Never edit one
 * that has shipped; add another. In a database of their own ({@code audit.db} in tests and tools)
 * {@code PRAGMA user_version} counts them; as a {@link #GUEST} in another's (the server's
 * {@code chat.db}, so that a message and its entry commit together) {@code samtal_schemas} does.
 *
 * <ul>
 *   <li>{@code audit_entries}: each tenant's chain, an entry per sequence number, its canonical
 *       JSON and hashes. Nothing else: everything queried is read from the JSON, which the hash covers.</li>
 *   <li>{@code audit_index}: where entries are filed (a patient's ref, an object's key, at a time),
 *       checked against the entries by verification.</li>
 *   <li>{@code audit_filed_lately}, {@code audit_fold}: where the newest entries are filed, in
 *       the order they were written (each insert an append, where one into {@code audit_index}
 *       lands in a random place: a patient's or an object's part of the index), a generation of a
 *       few thousand rows at a time; and how far the last full generation has been moved into
 *       {@code audit_index}, in the index's order, a little with each entry ({@link LateFiling}).
 *       Read together with the index.</li>
 *   <li>{@code audit_heads}, {@code audit_anchors}: each tenant's newest entry, and the last one
 *       retention removed.</li>
 * </ul>
 */
public final class AuditSchema {
    private AuditSchema() {
    }

    public static final List<String> MIGRATIONS = List.of("""
            CREATE TABLE audit_entries (
              tenant_id  TEXT    NOT NULL,
              seq        INTEGER NOT NULL,
              entry      TEXT    NOT NULL,
              prev_hash  TEXT    NOT NULL,
              hash       TEXT    NOT NULL,
              PRIMARY KEY (tenant_id, seq)
            ) WITHOUT ROWID;
            CREATE TABLE audit_index (
              tenant_id  TEXT    NOT NULL,
              kind       TEXT    NOT NULL,
              key        TEXT    NOT NULL,
              at         INTEGER NOT NULL,
              seq        INTEGER NOT NULL,
              PRIMARY KEY (tenant_id, kind, key, at, seq)
            ) WITHOUT ROWID;
            CREATE INDEX audit_index_by_seq ON audit_index (tenant_id, seq);
            CREATE TABLE audit_heads (
              tenant_id  TEXT    NOT NULL PRIMARY KEY,
              seq        INTEGER NOT NULL,
              hash       TEXT    NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE audit_anchors (
              tenant_id  TEXT    NOT NULL PRIMARY KEY,
              seq        INTEGER NOT NULL,
              hash       TEXT    NOT NULL
            ) WITHOUT ROWID
            """, """
            CREATE TABLE audit_filed_lately (
              gen        INTEGER NOT NULL,
              tenant_id  TEXT    NOT NULL,
              seq        INTEGER NOT NULL,
              kind       TEXT    NOT NULL,
              key        TEXT    NOT NULL,
              at         INTEGER NOT NULL,
              PRIMARY KEY (gen, tenant_id, seq, kind, key)
            ) WITHOUT ROWID;
            CREATE TABLE audit_fold (
              id              INTEGER PRIMARY KEY CHECK (id = 1),
              gen             INTEGER NOT NULL,
              merging         INTEGER,
              through_tenant  TEXT,
              through_kind    TEXT,
              through_key     TEXT
            )
            """);

    /** The audit tables as a guest in another part's database. */
    public static final SqliteDatabase.Guest GUEST = new SqliteDatabase.Guest("audit", MIGRATIONS);

    /** The tables, for moving a trail from one database to another. */
    static final List<String> TABLES = List.of("audit_entries", "audit_index", "audit_filed_lately", "audit_fold",
            "audit_heads", "audit_anchors");

    /**
     * Kept outside the migrations (a trigger's body has semicolons, which the migration runner
     * splits on), created if missing on every open: samtal itself never updates an entry, and
     * this makes the database refuse it too. It stops mistakes, not someone with the file;
     * verification catches those.
     */
    static final String NO_UPDATES = "CREATE TRIGGER IF NOT EXISTS audit_entries_append_only BEFORE UPDATE ON audit_entries"
            + " BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END";
}
