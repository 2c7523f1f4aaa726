package se.samtal.chat.store.sqlite;

import java.util.List;

/**
 * The chat database ({@code chat.db}): append-only migrations, applied in order on start
 * ({@code PRAGMA user_version} counts them). Never edit one that has shipped; add another.
 *
 * <p>The fourth keeps each conversation's hash chain over its messages: a message's link
 * ({@code messages.chain}), the newest link ({@code conversations.chain_head}), and where
 * verification starts ({@code chain_from}, the message before the first checked one, whose link
 * is {@code chain_anchor}; null: the chain's beginning). Conversations that had messages before it
 * start their chain after their newest. {@code members.written_hour} is the clock hour (hours since
 * the epoch, UTC) of the member's newest message there, so that the first of each hour is known.
 */
public final class ChatSchema {
    private ChatSchema() {
    }

    public static final List<String> MIGRATIONS = List.of("""
            CREATE TABLE conversations (
              tenant_id         TEXT    NOT NULL,
              id                TEXT    NOT NULL,
              kind              TEXT    NOT NULL,
              session_id        TEXT,
              title             TEXT,
              external_ref      TEXT,
              status            TEXT    NOT NULL,
              settings          TEXT,
              last_seq          INTEGER NOT NULL DEFAULT 0,
              purged_through    INTEGER NOT NULL DEFAULT 0,
              hold_since        INTEGER,
              hold_reason       TEXT,
              created_at        INTEGER NOT NULL,
              last_activity_at  INTEGER NOT NULL,
              closed_at         INTEGER,
              PRIMARY KEY (tenant_id, id)
            ) WITHOUT ROWID;
            CREATE UNIQUE INDEX conversations_by_session ON conversations (tenant_id, session_id) WHERE session_id IS NOT NULL;
            CREATE INDEX conversations_by_activity ON conversations (tenant_id, last_activity_at);
            CREATE TABLE members (
              tenant_id         TEXT    NOT NULL,
              conversation_id   TEXT    NOT NULL,
              id                TEXT    NOT NULL,
              ref               TEXT    NOT NULL,
              role              TEXT    NOT NULL,
              name              TEXT,
              visible_from      INTEGER NOT NULL,
              delivered_seq     INTEGER NOT NULL DEFAULT 0,
              read_seq          INTEGER NOT NULL DEFAULT 0,
              added_at          INTEGER NOT NULL,
              removed_at        INTEGER,
              ordinal           INTEGER NOT NULL,
              PRIMARY KEY (tenant_id, conversation_id, id),
              FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id) ON DELETE CASCADE
            ) WITHOUT ROWID;
            CREATE UNIQUE INDEX members_by_ref ON members (tenant_id, conversation_id, ref);
            CREATE TABLE messages (
              tenant_id         TEXT    NOT NULL,
              conversation_id   TEXT    NOT NULL,
              seq               INTEGER NOT NULL,
              sender_id         TEXT    NOT NULL,
              sender_role       TEXT    NOT NULL,
              sender_name       TEXT,
              idempotency_key   TEXT    NOT NULL,
              body              TEXT    NOT NULL,
              sent_at           INTEGER NOT NULL,
              PRIMARY KEY (tenant_id, conversation_id, seq),
              FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id) ON DELETE CASCADE
            ) WITHOUT ROWID;
            CREATE UNIQUE INDEX messages_by_key ON messages (tenant_id, conversation_id, sender_id, idempotency_key);
            CREATE INDEX messages_by_time ON messages (tenant_id, sent_at)
            """, """
            ALTER TABLE conversations ADD COLUMN closing_code TEXT
            """, """
            CREATE INDEX members_by_person ON members (tenant_id, ref, removed_at)
            """, """
            ALTER TABLE messages ADD COLUMN chain BLOB;
            ALTER TABLE conversations ADD COLUMN chain_head BLOB;
            ALTER TABLE conversations ADD COLUMN chain_from INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE conversations ADD COLUMN chain_anchor BLOB;
            ALTER TABLE members ADD COLUMN written_hour INTEGER NOT NULL DEFAULT -1;
            UPDATE conversations SET chain_from = last_seq
            """);
}
