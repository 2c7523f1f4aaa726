package se.samtal.chat.store.sqlite;

import se.samtal.chat.conversation.Conversation;
import se.samtal.chat.conversation.ConversationKind;
import se.samtal.chat.conversation.ConversationSettings;
import se.samtal.chat.conversation.ConversationStatus;
import se.samtal.chat.conversation.Member;
import se.samtal.chat.store.Append;
import se.samtal.protocol.Role;
import se.samtal.sqlite.SqliteDatabase;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Measures the embedded store's durable appends: messages per second and the time from append to
 * durable ack, with one writer waiting for each ack, and with many writers at once (group commit).
 * Not a test; run by hand (docs/performance.md says how):
 *
 * <pre>java -cp chat/target/test-classes:chat/target/classes:$(cat cp.txt) se.samtal.chat.store.sqlite.AppendBenchmark [dir]</pre>
 */
public final class AppendBenchmark {
    private static final String TENANT = "bench";

    private AppendBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("samtal-bench");
        try (var db = SqliteDatabase.open(dir.resolve("chat-bench.db"), ChatSchema.MIGRATIONS, 2)) {
            var batches = new LongAdder();
            var commits = new LongAdder();
            db.observeCommits((size, nanos) -> {
                batches.add(size);
                commits.increment();
            });
            var conversations = new SqliteConversationStore(db);
            var messages = new SqliteMessageStore(db);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 256; i++) {
                var c = new Conversation(TENANT, "cv_" + i, ConversationKind.CARE, null, null, null, ConversationStatus.OPEN,
                        ConversationSettings.NONE, 0, 0, null, Instant.now(), Instant.now(), null);
                conversations.createCare(c, List.of(new Member("m_" + i, "p-" + i, Role.PATIENT, null, 1, 0, 0, Instant.now(), null)),
                        1_000_000);
                ids.add(c.id());
            }
            run("warm-up (not counted)", messages, ids, 64, 20_000, batches, commits);
            run("1 writer, waits for each ack", messages, ids, 1, 2000, batches, commits);
            run("16 writers", messages, ids, 16, 16_000, batches, commits);
            run("64 writers", messages, ids, 64, 32_000, batches, commits);
            run("256 writers", messages, ids, 256, 64_000, batches, commits);
        }
    }

    private static void run(String name, SqliteMessageStore messages, List<String> ids, int writers, int total, LongAdder batches,
                            LongAdder commits) throws Exception {
        batches.reset();
        commits.reset();
        long[] latencies = new long[total];
        var next = new AtomicLong();
        long start = System.nanoTime();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < writers; w++) {
                int writer = w;
                pool.submit(() -> {
                    String conversation = ids.get(writer % ids.size());
                    String ref = "p-" + (writer % ids.size());
                    long n;
                    while ((n = next.getAndIncrement()) < total) {
                        long t0 = System.nanoTime();
                        messages.append(new Append(TENANT, conversation, ref, name.hashCode() + "-" + n,
                                "Ett meddelande på ungefär hundra tecken, som de flesta i en vårdkonversation, nummer " + n,
                                Instant.now())).join();
                        latencies[(int) n] = System.nanoTime() - t0;
                    }
                    return null;
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        System.out.printf("%-30s %8.0f msg/s  ack p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms  %5.1f per commit (%d commits)%n",
                name, total / seconds, latencies[total / 2] / 1e6, latencies[(int) (total * 0.99)] / 1e6,
                latencies[total - 1] / 1e6, commits.sum() == 0 ? 0 : (double) batches.sum() / commits.sum(), commits.sum());
    }
}
