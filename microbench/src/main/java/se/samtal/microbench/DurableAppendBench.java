package se.samtal.microbench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import se.samtal.sqlite.SqliteDatabase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A row made durable through the database's group-commit writer ({@code synchronous=FULL}):
 * alone (one writer waiting for each commit: the cost of an fsync and a transaction) and with
 * sixteen writers at once (a commit shared: the cost per row that the writer itself adds).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(1)
public class DurableAppendBench {
    private static final List<String> SCHEMA = List.of(
            "CREATE TABLE messages (id INTEGER PRIMARY KEY, conversation TEXT NOT NULL, body TEXT NOT NULL)");
    private final AtomicLong ids = new AtomicLong();
    private Path dir;
    private SqliteDatabase db;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("samtal-microbench");
        db = SqliteDatabase.open(dir.resolve("bench.db"), SCHEMA, 1);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        db.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private Integer append() {
        long id = ids.incrementAndGet();
        return db.write(c -> {
            try (var st = c.prepareStatement("INSERT INTO messages (id, conversation, body) VALUES (?, ?, ?)")) {
                st.setLong(1, id);
                st.setString(2, "c_7Hq2mX9pL4vN8rT1");
                st.setString(3, "Hej! Jag har gjort övningen i dag och det gick bättre än förra veckan.");
                return st.executeUpdate();
            }
        });
    }

    @Benchmark
    @Threads(1)
    public Integer alone() {
        return append();
    }

    @Benchmark
    @Threads(16)
    public Integer sixteenAtOnce() {
        return append();
    }
}
