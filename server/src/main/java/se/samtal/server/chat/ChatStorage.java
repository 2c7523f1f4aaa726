package se.samtal.server.chat;

import se.samtal.audit.store.sqlite.AuditSchema;
import se.samtal.chat.Throttle;
import se.samtal.chat.live.ChatBus;
import se.samtal.chat.store.ConversationStore;
import se.samtal.chat.store.MessageStore;
import se.samtal.chat.store.sqlite.ChatSchema;
import se.samtal.chat.store.sqlite.SqliteConversationStore;
import se.samtal.chat.store.sqlite.SqliteMessageStore;
import se.samtal.server.config.ChatConfig;
import se.samtal.server.gateway.TokenBucketRateLimiter;
import se.samtal.server.metrics.SamtalMetrics;
import se.samtal.sqlite.SqliteDatabase;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Where chat keeps its state and how it reaches other nodes: the stores, the fan-out bus (null
 * embedded: one node), the per-person limits on messages and typing, whether the store answers,
 * whether this node may run the retention purge now, and what to close on shutdown.
 */
public record ChatStorage(ConversationStore conversations, MessageStore messages, ChatBus bus, Throttle sendThrottle,
                          Throttle typingThrottle, BooleanSupplier healthy, BooleanSupplier mayPurge, AutoCloseable closer) {

    /**
     * The embedded chat database, {@code <dataDir>/chat.db}; with {@code auditToo}, the audit
     * trail's tables are in it as well (so that a message and its audit entry are one write).
     * Messages come one at a time from the event loops: under load, its writer lets a batch gather.
     */
    public static SqliteDatabase openDatabase(Path dataDir, boolean auditToo, SamtalMetrics metrics) {
        var db = SqliteDatabase.open(dataDir.resolve("chat.db"), ChatSchema.MIGRATIONS, 4, true,
                auditToo ? List.of(AuditSchema.GUEST) : List.of());
        db.observeCommits((batch, nanos) -> metrics.storeCommit("chat", batch, nanos));
        return db;
    }

    /** Embedded: in {@code db} ({@link #openDatabase}, closed by its opener), limits counted in memory. */
    public static ChatStorage embedded(SqliteDatabase db, ChatConfig config) {
        var send = new TokenBucketRateLimiter(config.messagesPerMinute() / 60.0, config.messageBurst(), System::nanoTime);
        var typing = new TokenBucketRateLimiter(1_000_000_000.0 / config.typingInterval().toNanos(), 1, System::nanoTime);
        return new ChatStorage(new SqliteConversationStore(db), new SqliteMessageStore(db), null, send::tryAcquire,
                typing::tryAcquire, db::isHealthy, () -> true, () -> { });
    }
}
