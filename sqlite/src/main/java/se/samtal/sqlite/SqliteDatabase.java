package se.samtal.sqlite;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * One SQLite database file in WAL mode: a single writer connection (SQLite allows one writer at
 * a time) driven by one thread that commits queued writes in groups, and a small pool of reader
 * connections, which WAL lets run beside the writer.
 *
 * <p>{@link #submit} never blocks; {@link #write} and {@link #read} do: never call them from a
 * Netty event loop. The schema is migrated on open; {@code PRAGMA user_version} records how many
 * migrations have been applied. The writer keeps the statements it prepares ({@link StatementCache}).
 * Commits are durable ({@code synchronous=FULL}): when a write's
 * future completes, its change survives a crash of the process or of the machine.
 *
 * <p>The write-ahead log is bounded: SQLite copies it into the database every
 * {@value #WAL_CHECKPOINT_PAGES} pages (about 4 MiB), the file is cut back to
 * {@value #WAL_KEPT_BYTES} bytes whenever it starts over, and if readers kept a checkpoint from
 * finishing and it grew past {@value #WAL_MAX_BYTES} bytes anyway, the writer waits for them and
 * truncates it after a commit (looking at its size after a large batch, else at most every
 * 100 ms). So each database's WAL stays within a few MiB ({@link #WAL_MAX_BYTES} plus what is
 * written in a tenth of a second) however much is written.
 */
public final class SqliteDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SqliteDatabase.class);

    /** A unit of work on a connection. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    /** Most pieces of work committed in one transaction. */
    static final int MAX_BATCH = 512;
    /** Writes waiting for the writer at most; beyond this {@link #submit} fails at once. */
    static final int MAX_QUEUED = 65_536;
    /**
     * SQLite checkpoints the WAL once it holds this many pages (4 KiB each): SQLite's default. With
     * 256, the chat writer copied its hot pages (a conversation's row, the chain heads, the right
     * edges of the indexes) back into the database four times as often, a sixth of its CPU per
     * message in benchmark B4.
     */
    public static final int WAL_CHECKPOINT_PAGES = 1000;
    /** What the WAL file is cut back to when it starts over after a checkpoint. */
    public static final long WAL_KEPT_BYTES = 4L * 1024 * 1024;
    /** A WAL larger than this after a commit is checkpointed and truncated at once (readers kept it from shrinking). */
    public static final long WAL_MAX_BYTES = 8L * 1024 * 1024;
    /**
     * The writer's page cache at most, in KiB (SQLite's default is 2 000 KiB). With the default, a
     * batch of chat messages in many conversations spilled dirty pages into the WAL before its
     * commit and read index pages back from the file (a third of the chat writer's time in
     * benchmark B4 at 3 000 messages a second). The cache grows only as pages are used.
     */
    public static final int WRITER_CACHE_KIB = 64 * 1024;
    /** How long a write probe (readiness, after a failed commit) may take. */
    private static final long PROBE_MILLIS = 2000;

    private final Path file;
    private final Connection writer;
    private final GroupCommitWriter commits;
    private final BlockingQueue<Connection> readers;
    private final List<Connection> allReaders = new ArrayList<>();
    private volatile boolean closed;

    private SqliteDatabase(Path file, Connection writer, int readerCount, boolean gathers) throws SQLException {
        this.file = file;
        this.writer = StatementCache.wrap(writer);
        this.readers = new ArrayBlockingQueue<>(readerCount);
        for (int i = 0; i < readerCount; i++) {
            Connection reader = connect(file);
            allReaders.add(reader);
            readers.add(reader);
        }
        this.commits = new GroupCommitWriter(String.valueOf(file.getFileName()), this.writer, writer, MAX_BATCH, MAX_QUEUED,
                Path.of(file.toAbsolutePath() + "-wal"), WAL_MAX_BYTES, gathers);
        commits.start();
    }

    /**
     * Opens (creating if needed) {@code file}, applies the migrations not yet applied, each in
     * its own transaction, and returns the database.
     *
     * @param migrations SQL scripts, statements separated by semicolons; append only, never edit
     */
    public static SqliteDatabase open(Path file, List<String> migrations, int readers) {
        return open(file, migrations, readers, false);
    }

    /**
     * As {@link #open(Path, List, int)}; with {@code gathersUnderLoad}, the writer begins a commit
     * at most every 2 ms while busy, so that work arriving one piece at a time is committed in
     * batches (at most 2 ms more per write; nothing waits after a quiet moment). For a database
     * written one message at a time, not one written in bursts.
     */
    public static SqliteDatabase open(Path file, List<String> migrations, int readers, boolean gathersUnderLoad) {
        return open(file, migrations, readers, gathersUnderLoad, List.of());
    }

    /**
     * Another part's tables in a database it shares (so that their writes and the owner's can
     * commit together): its name and its own append-only migrations, counted apart from the
     * owner's in the table {@code samtal_schemas}.
     */
    public record Guest(String name, List<String> migrations) {
    }

    /**
     * As {@link #open(Path, List, int, boolean)}, with the tables of {@code guests} in the same
     * file, each migrated after the owner's.
     */
    public static SqliteDatabase open(Path file, List<String> migrations, int readers, boolean gathersUnderLoad,
                                      List<Guest> guests) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Connection writer = connect(file);
            try (Statement st = writer.createStatement()) {
                st.execute("PRAGMA cache_size=-" + WRITER_CACHE_KIB);
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA wal_autocheckpoint=" + WAL_CHECKPOINT_PAGES);
                st.execute("PRAGMA journal_size_limit=" + WAL_KEPT_BYTES);
                // Outside the versioned schema: one row that readiness rewrites to see whether writes work.
                st.execute("CREATE TABLE IF NOT EXISTS samtal_write_probe (id INTEGER PRIMARY KEY CHECK (id = 1), at INTEGER NOT NULL)");
            }
            migrate(file, writer, "main", migrations, userVersion(writer), (st, v) -> st.execute("PRAGMA user_version=" + v));
            if (!guests.isEmpty()) {
                try (Statement st = writer.createStatement()) {
                    st.execute("CREATE TABLE IF NOT EXISTS samtal_schemas (name TEXT PRIMARY KEY, version INTEGER NOT NULL)");
                }
            }
            for (Guest guest : guests) {
                migrate(file, writer, guest.name(), guest.migrations(), guestVersion(writer, guest.name()),
                        (st, v) -> st.execute("INSERT INTO samtal_schemas (name, version) VALUES ('" + guest.name().replace("'", "''")
                                + "', " + v + ") ON CONFLICT (name) DO UPDATE SET version = excluded.version"));
            }
            return new SqliteDatabase(file, writer, readers, gathersUnderLoad);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Cannot open the database " + file + ": " + e.getMessage(), e);
        }
    }

    /** The database's file. */
    public Path file() {
        return file;
    }

    /**
     * A connection to {@code file} of its own, with the settings of this class's connections
     * ({@code synchronous=FULL}, a busy timeout, foreign keys, statement journals in memory): for
     * work outside the writer that a transaction cannot hold, such as attaching another database
     * at start. The caller closes it.
     */
    public static Connection connect(Path file) throws SQLException {
        // No generated keys: nothing here asks for them, and sqlite-jdbc would otherwise prepare and
        // run "SELECT last_insert_rowid()" after every INSERT and UPDATE (a tenth of the chat
        // writer's time in benchmark B4).
        var config = new SQLiteConfig();
        config.setGetGeneratedKeys(false);
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
        try (Statement st = connection.createStatement()) {
            st.execute("PRAGMA busy_timeout=5000");
            st.execute("PRAGMA synchronous=FULL");
            st.execute("PRAGMA foreign_keys=ON");
            // The statement journal (the pages a savepoint or a failing statement would roll back)
            // in memory: by default SQLite spills it to a deleted file in /var/tmp once it holds
            // 64 KiB, and a batch of the chat writer (a savepoint per message) did: two thirds of
            // the server's write calls in benchmark B4 went there. It lives for one transaction.
            st.execute("PRAGMA temp_store=MEMORY");
        }
        return connection;
    }

    private static int userVersion(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement(); var rs = st.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static int guestVersion(Connection connection, String name) throws SQLException {
        try (var st = connection.prepareStatement("SELECT version FROM samtal_schemas WHERE name = ?")) {
            st.setString(1, name);
            try (var rs = st.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    /** Records, in a migration's transaction, how many migrations of a schema have been applied. */
    @FunctionalInterface
    private interface VersionMark {
        void set(Statement st, int version) throws SQLException;
    }

    private static void migrate(Path file, Connection connection, String schema, List<String> migrations, int version,
                                VersionMark mark) throws SQLException {
        if (version > migrations.size()) {
            throw new SQLException("schema version " + version + " of " + schema + " is newer than this build knows ("
                    + migrations.size() + "); refusing to run an older samtal on newer data");
        }
        for (int i = version; i < migrations.size(); i++) {
            connection.setAutoCommit(false);
            try (Statement st = connection.createStatement()) {
                for (String statement : migrations.get(i).split(";")) {
                    if (!statement.isBlank()) {
                        st.execute(statement);
                    }
                }
                mark.set(st, i + 1);
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
            log.atInfo().setMessage("Migrated database").addKeyValue("file", file.getFileName())
                    .addKeyValue("schema", schema).addKeyValue("version", i + 1).log();
        }
    }

    /**
     * Queues {@code work} for the writer and returns at once. The future completes after the
     * transaction that ran it has been committed, with its result; or fails with the exception
     * it threw (its changes rolled back, nothing else affected), or with a {@link StoreException}
     * if the commit failed. Writes are applied in the order they were submitted. Submitted by a
     * write while it runs ({@link #inWrite}), {@code work} joins it instead: it runs at once, in
     * that write's transaction, commits with it or not at all, and an exception it throws is
     * thrown here (a {@link StoreException} for an {@link SQLException}).
     */
    public <T> CompletableFuture<T> submit(Work<T> work) {
        return commits.submit(work, false);
    }

    /**
     * Whether this thread runs a piece of this database's work now: then {@link #submit} from
     * here joins that work (it runs at once, in its transaction, and commits with it or not at all).
     */
    public boolean inWrite() {
        return commits.runsWorkHere();
    }

    /**
     * {@link #submit}, keeping what the writer's {@linkplain #memo memos} hold: {@code work} puts
     * or removes there whatever it changes of what they remember.
     */
    public <T> CompletableFuture<T> submitKeepingMemos(Work<T> work) {
        return commits.submit(work, true);
    }

    /** {@link #submitKeepingMemos}, waiting until it is committed. */
    public <T> T writeKeepingMemos(Work<T> work) {
        return await(submitKeepingMemos(work));
    }

    /** A new memo of the writer thread, holding at most {@code maxEntries} (see {@link WriterMemo}). */
    public <K, V> WriterMemo<K, V> memo(int maxEntries) {
        var memo = new WriterMemo<K, V>(maxEntries, false);
        commits.remember(memo);
        return memo;
    }

    /**
     * A memo of rows that only its owner's work writes (see {@link WriterMemo}): kept across any
     * other work, forgotten when work fails or a batch is not committed.
     */
    public <K, V> WriterMemo<K, V> memoOfOwnRows(int maxEntries) {
        var memo = new WriterMemo<K, V>(maxEntries, true);
        commits.remember(memo);
        return memo;
    }

    /** Runs {@code work} like {@link #submit} and waits until it is committed. */
    public <T> T write(Work<T> work) {
        return await(submit(work));
    }

    private static <T> T await(CompletableFuture<T> written) {
        try {
            return written.get();
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a commit", null);
        }
    }

    /** The exception a failed write's future carries, as thrown by the work or the store. */
    public static RuntimeException unwrap(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        return new StoreException("write failed", cause instanceof SQLException sql ? sql : null);
    }

    /** Reports every group commit (batch size, time) to {@code observer}. */
    public void observeCommits(CommitObserver observer) {
        commits.observe(observer);
    }

    /** Runs {@code work} on a reader connection. It sees every transaction committed before it began. */
    public <T> T read(Work<T> work) {
        ensureOpen();
        Connection connection;
        try {
            connection = readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(new SQLException("interrupted while waiting for a reader connection"));
        }
        try {
            return work.apply(connection);
        } catch (SQLException e) {
            throw new StoreException(e);
        } finally {
            readers.add(connection);
        }
    }

    /**
     * Whether the database answers and takes writes: a cheap query on a reader connection, and,
     * if the last commit failed (a full disk, an I/O error), a small write that must commit now.
     * So a database that cannot store anything is not healthy, and becomes healthy again by
     * itself once it can (space freed), even when nothing else is written meanwhile.
     */
    public boolean isHealthy() {
        if (closed) {
            return false;
        }
        try {
            boolean answers = read(c -> {
                try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT 1")) {
                    return rs.next();
                }
            });
            return answers && (!commits.lastCommitFailed() || probeWrite());
        } catch (StoreException e) {
            return false;
        }
    }

    private boolean probeWrite() {
        try {
            submit(c -> {
                try (var st = c.prepareStatement("INSERT OR REPLACE INTO samtal_write_probe (id, at) VALUES (1, ?)")) {
                    st.setLong(1, System.currentTimeMillis());
                    return st.executeUpdate();
                }
            }).get(PROBE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreException(new SQLException("database " + file.getFileName() + " is closed"));
        }
    }

    /** Finishes the writes already queued, refuses new ones, and closes every connection. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        commits.stop();
        for (Connection c : allReaders) {
            closeQuietly(c);
        }
        closeQuietly(writer);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            log.atWarn().setMessage("Closing a database connection failed").setCause(e).log();
        }
    }
}
