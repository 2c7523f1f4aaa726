package se.samtal.chat.store.sqlite;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samtal.chat.store.ChatStoreContract;
import se.samtal.chat.store.ConversationStore;
import se.samtal.chat.store.MessageStore;
import se.samtal.sqlite.SqliteDatabase;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static se.samtal.chat.store.ChatStoreFixtures.T0;
import static se.samtal.chat.store.ChatStoreFixtures.append;
import static se.samtal.chat.store.ChatStoreFixtures.createCare;

/** The store contract against the embedded SQLite store, on a fresh file per test; and what only it does. */
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

    private int rows(String table) {
        return db.read(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM " + table)) {
                return rs.next() ? rs.getInt(1) : -1;
            }
        });
    }

    @Test
    void whatIsWrittenWithAMessageCommitsWithItAndSeesItAsStored() throws Exception {
        db.write(c -> c.createStatement().executeUpdate("CREATE TABLE beside (seq INTEGER NOT NULL, duplicate INTEGER NOT NULL)"));
        var c = createCare(conversations, "region-a");
        var batches = new CopyOnWriteArrayList<Integer>();
        db.observeCommits((size, nanos) -> batches.add(size));
        MessageStore.WrittenWith beside = appended -> db.submit(conn -> conn.createStatement().executeUpdate(
                "INSERT INTO beside (seq, duplicate) VALUES (" + appended.message().seq() + ", " + (appended.duplicate() ? 1 : 0) + ")"));

        var first = messages.append(append(c, "p-1", "k1", "Hej", T0), beside).get(10, TimeUnit.SECONDS);
        var again = messages.append(append(c, "p-1", "k1", "Hej", T0), beside).get(10, TimeUnit.SECONDS);

        assertThat(first.message().seq()).isEqualTo(1);
        assertThat(again.duplicate()).isTrue();
        assertThat(batches).as("one commit each").containsExactly(1, 1);
        assertThat(rows("beside")).isEqualTo(2);
    }

    @Test
    void whenWhatIsWrittenWithAMessageFailsTheMessageIsNotStored() throws Exception {
        var c = createCare(conversations, "region-a");
        CompletableFuture<?> refused = messages.append(append(c, "p-1", "k1", "Hej", T0), appended -> {
            throw new IllegalStateException("the trail cannot record");
        });

        assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS)).cause().hasMessage("the trail cannot record");
        assertThat(rows("messages")).isZero();
        // The writer forgot what it remembered of the conversation: the next message is number 1.
        assertThat(messages.append(append(c, "p-1", "k2", "Hej igen", T0)).get(10, TimeUnit.SECONDS).message().seq()).isEqualTo(1);
    }
}
