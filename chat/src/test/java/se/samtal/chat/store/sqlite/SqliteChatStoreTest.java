package se.samtal.chat.store.sqlite;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import se.samtal.chat.store.ChatStoreContract;
import se.samtal.chat.store.ConversationStore;
import se.samtal.chat.store.MessageStore;
import se.samtal.sqlite.SqliteDatabase;

import java.nio.file.Path;

/** The store contract against the embedded SQLite store, on a fresh file per test. */
class SqliteChatStoreTest extends ChatStoreContract {
    @TempDir
    Path dir;
    private SqliteDatabase db;
    private SqliteConversationStore conversations;
    private SqliteMessageStore messages;

    @BeforeEach
    void open() {
        db = SqliteDatabase.open(dir.resolve("chat.db"), ChatSchema.MIGRATIONS, 2);
        conversations = new SqliteConversationStore(db);
        messages = new SqliteMessageStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Override
    protected ConversationStore conversations() {
        return conversations;
    }

    @Override
    protected MessageStore messages() {
        return messages;
    }
}
