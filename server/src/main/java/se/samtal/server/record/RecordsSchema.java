package se.samtal.server.record;

import java.util.List;

/**
 * The follow-up database ({@code records.db}): the visit logs of sessions, and the activity of
 * care conversations that reports count (never a message's text, never a person). Append-only
 * migrations; never edit one that has shipped, add another.
 */
public final class RecordsSchema {
    private RecordsSchema() {
    }

    public static final List<String> MIGRATIONS = List.of("""
            CREATE TABLE visit_logs (
              tenant_id        TEXT    NOT NULL,
              session_id       TEXT    NOT NULL,
              scheduled_start  INTEGER,
              last_at          INTEGER NOT NULL,
              PRIMARY KEY (tenant_id, session_id)
            ) WITHOUT ROWID;
            CREATE INDEX visit_logs_by_start ON visit_logs (tenant_id, scheduled_start);
            CREATE INDEX visit_logs_by_last ON visit_logs (tenant_id, last_at);
            CREATE TABLE visit_events (
              id          INTEGER PRIMARY KEY,
              tenant_id   TEXT    NOT NULL,
              session_id  TEXT    NOT NULL,
              event       TEXT    NOT NULL
            );
            CREATE INDEX visit_events_by_session ON visit_events (tenant_id, session_id, id);
            CREATE TABLE chat_activity (
              id               INTEGER PRIMARY KEY,
              tenant_id        TEXT    NOT NULL,
              conversation_id  TEXT    NOT NULL,
              what             TEXT    NOT NULL,
              seq              INTEGER NOT NULL,
              role             TEXT,
              at               INTEGER NOT NULL,
              due_by           INTEGER,
              closing_code     TEXT
            );
            CREATE UNIQUE INDEX chat_activity_once ON chat_activity (tenant_id, conversation_id, what, seq, at);
            CREATE INDEX chat_activity_by_time ON chat_activity (tenant_id, at)
            """);
}
