package se.samtal.server.webhook;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import se.samtal.sqlite.SqliteDatabase;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The outbox contract against the embedded store ({@code webhooks.db}). */
class SqliteWebhookOutboxTest extends WebhookOutboxContract {
    @TempDir
    Path dir;
    private final List<SqliteWebhookOutbox> opened = new ArrayList<>();

    @Override
    protected WebhookOutbox outbox() {
        var outbox = new SqliteWebhookOutbox(SqliteDatabase.open(dir.resolve("webhooks-" + opened.size() + ".db"),
                SqliteWebhookOutbox.migrations(), 1));
        opened.add(outbox);
        return outbox;
    }

    @AfterEach
    void close() {
        opened.forEach(SqliteWebhookOutbox::close);
    }
}
