package se.samtal.microbench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.audit.Actor;
import se.samtal.audit.AuditAction;
import se.samtal.audit.AuditEvent;
import se.samtal.audit.AuditLog;
import se.samtal.audit.AuditObject;
import se.samtal.audit.AuditObserver;
import se.samtal.audit.store.sqlite.AuditSchema;
import se.samtal.audit.store.sqlite.SqliteAuditStore;
import se.samtal.chat.conversation.Conversation;
import se.samtal.chat.conversation.ConversationKind;
import se.samtal.chat.conversation.ConversationStatus;
import se.samtal.chat.conversation.Member;
import se.samtal.chat.store.Append;
import se.samtal.chat.store.Appended;
import se.samtal.chat.store.sqlite.ChatSchema;
import se.samtal.chat.store.sqlite.SqliteConversationStore;
import se.samtal.chat.store.sqlite.SqliteMessageStore;
import se.samtal.protocol.Role;
import se.samtal.sqlite.SqliteDatabase;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A care conversation's message as the embedded server stores it: the message (an insert with its
 * hash-chain link, the conversation's row and the sender's receipts) and, if it is the sender's
 * first in the conversation in its clock hour, the audit entry that stands for the hour, written
 * in the same piece of work on {@code chat.db}'s writer and made durable by one commit
 * ({@code synchronous=FULL}), in one of 200 conversations of two picked at random — benchmark B4's
 * writer without the network. {@code alone}: one message per commit (light load: a commit and an
 * {@code fsync} each); {@code sixteenAtOnce}: sixteen queued together (one commit for all).
 * {@code traffic}: {@code busy}, a millisecond between messages (a sender's first of the hour is
 * rare: B4's case); {@code sparse}, an hour between them (every message opens its sender's hour
 * and has an entry: the most a message can cost).
 * After each iteration it logs the writer thread's CPU time per message, the figure B4's CPU
 * per durable message is mostly made of.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(1)
public class CareMessageAppendBench {
    private static final Logger log = LoggerFactory.getLogger(CareMessageAppendBench.class);
    private static final int CONVERSATIONS = 200;
    private static final String TENANT = "region-skane";
    private static final String TEXT = "Hej! Jag har gjort övningen i dag och det gick bättre än förra veckan. Ses på torsdag?";
    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

    /** Time between messages: {@code busy} a millisecond, {@code sparse} an hour. */
    @Param({"busy", "sparse"})
    public String traffic;

    private final SplittableRandom random = new SplittableRandom(7);
    private Path dir;
    private SqliteDatabase db;
    private SqliteMessageStore messages;
    private AuditLog audit;
    private long written;
    /** Messages that opened their sender's hour (each has an entry); writer thread only. */
    private volatile long opened;
    private long writerThread = -1;
    private long writerCpuAtStart;
    private long writtenAtStart;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("samtal-microbench");
        db = SqliteDatabase.open(dir.resolve("chat.db"), ChatSchema.MIGRATIONS, 1, true, List.of(AuditSchema.GUEST));
        var conversations = new SqliteConversationStore(db);
        for (int i = 0; i < CONVERSATIONS; i++) {
            var conversation = new Conversation(TENANT, conversationId(i), ConversationKind.CARE, null, "Behandling", null,
                    ConversationStatus.OPEN, null, 0, 0, null, START, START, null);
            conversations.createCare(conversation, List.of(
                    new Member("m_p" + i, patientRef(i), Role.PATIENT, null, 1, 0, 0, START, null),
                    new Member("m_t" + i, "t-" + i, Role.THERAPIST, "Tove", 1, 0, 0, START, null)), Integer.MAX_VALUE);
        }
        messages = new SqliteMessageStore(db);
        audit = new AuditLog(SqliteAuditStore.sharing(db), AuditObserver.NONE);
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals("samtal-db-writer-chat.db")) {
                writerThread = thread.threadId();
            }
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        db.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Setup(Level.Iteration)
    public void startCounting() {
        writerCpuAtStart = writerThread < 0 ? -1 : threads.getThreadCpuTime(writerThread);
        writtenAtStart = written;
    }

    @TearDown(Level.Iteration)
    public void printWriterCpu() {
        long count = written - writtenAtStart;
        if (writerCpuAtStart >= 0 && count > 0) {
            double micros = (threads.getThreadCpuTime(writerThread) - writerCpuAtStart) / 1e3 / count;
            log.atInfo().setMessage("(writer thread CPU: {} µs per message, {} messages)")
                    .addArgument(() -> String.format(java.util.Locale.ROOT, "%.1f", micros)).addArgument(count).log();
        }
    }

    /** The audit entries in the trail (for the test that runs each benchmark once). */
    long entriesInTheTrail() {
        return db.read(c -> {
            try (var st = c.createStatement(); var rows = st.executeQuery("SELECT count(*) FROM audit_entries")) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    /** Messages that opened their sender's hour, so far. */
    long opened() {
        return opened;
    }

    private static String conversationId(int i) {
        return "cv_bench" + i;
    }

    private static String patientRef(int i) {
        return "p-" + i;
    }

    private CompletableFuture<Appended> send() {
        int i = random.nextInt(CONVERSATIONS);
        long n = ++written;
        Instant at = traffic.equals("sparse") ? START.plus(Duration.ofHours(n)) : START.plusMillis(n);
        var append = new Append(TENANT, conversationId(i), patientRef(i), "k" + n, TEXT, at);
        // As ChatAudit.sentWithin: an entry for the sender's first message of the hour.
        return messages.append(append, appended -> {
            if (appended.opensHour()) {
                opened++;
                audit.recordWithin(AuditEvent.builder(appended.message().sentAt(), TENANT,
                                Actor.person(patientRef(i), "patient"), AuditAction.CHAT_MESSAGE_SENT)
                        .object(AuditObject.conversation(conversationId(i))).patients(List.of(patientRef(i)))
                        .request("w_bench:" + n).detail("seq", appended.message().seq())
                        .detail("hour", appended.message().sentAt().truncatedTo(ChronoUnit.HOURS).toString())
                        .detail("chain", appended.chain()).build());
            }
        });
    }

    @Benchmark
    public Appended alone() {
        return send().join();
    }

    @Benchmark
    @OperationsPerInvocation(16)
    public Object sixteenAtOnce() {
        var sent = new ArrayList<CompletableFuture<Appended>>(16);
        for (int k = 0; k < 16; k++) {
            sent.add(send());
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    }
}
