package se.samtal.sqlite;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one thread that writes to a database. Work submitted while a commit is in progress waits
 * in a queue; the next round takes everything queued (up to {@code maxBatch}), runs each piece
 * in its own savepoint inside one transaction (a lone piece needs none: the transaction is its
 * own), and commits once. So under load one disk flush makes a whole batch durable, and when the
 * load is light a piece of work is committed at once without waiting for company.
 *
 * <p>A writer that gathers (the chat database's: its work comes one message at a time from the
 * event loops) also lets company gather under load: work that arrives within
 * {@link #GATHER_NANOS} of the previous commit's end waits until that much time has passed since
 * it, so that a steady stream is committed in batches of what came in those two milliseconds
 * rather than one or two pieces per commit, each with its own flush (on one core, the writer woke
 * for nearly every message at 2 000 a second). Work after a quiet moment is not held. A writer
 * whose work comes in batches or seldom (the follow-up logs' batches, a booking now and then) gains
 * nothing from waiting and only adds the wait to every write, so it does not gather.
 *
 * <p>Work submitted by a piece of work while it runs (on this thread) joins it: it runs at once,
 * inside that piece's savepoint, and is committed with it or not at all. If it throws, the
 * submission throws, so that the piece fails (or catches it) as if it had run the statements
 * itself. So two stores on one database can make their writes for one act atomic, with one flush.
 *
 * <p>A piece of work that fails is rolled back to its savepoint alone and its future fails;
 * the rest of the batch commits. If the commit itself fails, every future of the batch fails
 * and nothing of it is stored. A future completes only after the commit returned: success
 * means the change is durable (the database runs with {@code synchronous=FULL}).
 */
final class GroupCommitWriter {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

    /** Each piece of work runs inside this savepoint of the batch's transaction (never nested). */
    private static final String SAVEPOINT = "SAVEPOINT work";
    private static final String RELEASE = "RELEASE work";
    private static final String ROLLBACK_TO = "ROLLBACK TO work";

    private record Pending<T>(SqliteDatabase.Work<T> work, CompletableFuture<T> future, boolean keepsMemos) {
    }

    /** Work that joined a running piece: its result, given when the piece's fate is known. */
    private record Joined<T>(CompletableFuture<T> future, T result) {
    }

    private final String name;
    /** What the work is given: the connection with its statements kept ({@link StatementCache}). */
    private final Connection connection;
    /** The same connection, unwrapped: the writer's own transaction control, without the cache's proxy. */
    private final Connection raw;
    private PreparedStatement savepoint;
    private PreparedStatement release;
    private PreparedStatement rollbackTo;
    /** When the write-ahead log's size was last looked at ({@link System#nanoTime}). */
    private long walCheckedAt = System.nanoTime();
    private final int maxBatch;
    private final LinkedBlockingQueue<Pending<?>> queue;
    private final ReentrantLock admission = new ReentrantLock();
    private final Thread thread;
    private final Path wal;
    private final long walMaxBytes;
    private final List<WriterMemo<?, ?>> memos = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile CommitObserver observer = CommitObserver.NONE;
    private volatile boolean stopping;
    private volatile boolean lastCommitFailed;
    /** Writer thread only: while a piece of work runs, the work that joined it (else null). */
    private List<Joined<?>> joining;

    /**
     * How often the write-ahead log's size is looked at, at most (a {@code stat} each: at light
     * load, when every message is a commit of its own, looking after every commit cost more than
     * the statements of some writes).
     */
    static final long WAL_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /**
     * How long an idle writer waits before it looks again whether it is stopping; {@link #stop}
     * wakes it at once ({@link #WAKE}). Waking more often to look (it was every 50 ms) cost each of
     * the five writers about 1.5 ms of CPU a second on this VM, for nothing.
     */
    static final long IDLE_WAIT_SECONDS = 5;
    /** Queued by {@link #stop} to wake an idle writer; never run. */
    private static final Pending<?> WAKE = new Pending<>(c -> null, new CompletableFuture<>(), true);

    /** Under load, commits begin at most this often (see the class comment); at most this is added to a write's wait. */
    static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /** When the newest commit (or failed batch) ended ({@link System#nanoTime}). */
    private long lastBatchEnded = System.nanoTime() - GATHER_NANOS;
    /** Whether this writer lets company gather under load (see the class comment). */
    private final boolean gathers;

    GroupCommitWriter(String name, Connection connection, Connection raw, int maxBatch, int maxQueued, Path wal,
                      long walMaxBytes, boolean gathers) {
        this.name = name;
        this.gathers = gathers;
        this.connection = connection;
        this.raw = raw;
        this.maxBatch = maxBatch;
        this.wal = wal;
        this.walMaxBytes = walMaxBytes;
        this.queue = new LinkedBlockingQueue<>(maxQueued);
        this.thread = Thread.ofPlatform().name("samtal-db-writer-" + name).daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    void observe(CommitObserver observer) {
        this.observer = observer;
    }

    void remember(WriterMemo<?, ?> memo) {
        memos.add(memo);
    }

    /** On the writer thread: what the memos hold may no longer be what the database holds. */
    private void forgetMemos() {
        for (WriterMemo<?, ?> memo : memos) {
            memo.clear();
        }
    }

    /** On the writer thread, before work that may change any row: the memos of rows others may write. */
    private void forgetSharedMemos() {
        for (WriterMemo<?, ?> memo : memos) {
            if (!memo.ownRows()) {
                memo.clear();
            }
        }
    }

    /** Whether the newest batch failed to commit (nothing since has committed). */
    boolean lastCommitFailed() {
        return lastCommitFailed;
    }

    /**
     * Queues {@code work}; never blocks. Fails at once if the writer is stopping or the queue is
     * full. Called by a piece of work while it runs, {@code work} joins it instead (see the class
     * comment): it runs now, and an exception it throws is thrown here.
     */
    <T> CompletableFuture<T> submit(SqliteDatabase.Work<T> work, boolean keepsMemos) {
        var future = new CompletableFuture<T>();
        if (runsWorkHere()) {
            return join(work, keepsMemos, future);
        }
        admission.lock();
        try {
            if (stopping) {
                future.completeExceptionally(StoreException.closed(name));
            } else if (!queue.offer(new Pending<>(work, future, keepsMemos))) {
                future.completeExceptionally(new StoreException("the write queue of " + name + " is full", null));
            }
        } finally {
            admission.unlock();
        }
        return future;
    }

    /** Whether a piece of work runs on this thread now (work submitted here would join it). */
    boolean runsWorkHere() {
        return Thread.currentThread() == thread && joining != null;
    }

    private <T> CompletableFuture<T> join(SqliteDatabase.Work<T> work, boolean keepsMemos, CompletableFuture<T> future) {
        if (!keepsMemos) {
            forgetSharedMemos();
        }
        T result;
        try {
            result = work.apply(connection);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        joining.add(new Joined<>(future, result));
        return future;
    }

    /** Runs a piece of work, gathering what joins it into {@code joined}. */
    private Object apply(Pending<?> pending, List<Joined<?>> joined) throws SQLException {
        joining = joined;
        try {
            return pending.work().apply(connection);
        } finally {
            joining = null;
        }
    }

    /** Stops taking work, finishes what is queued, and waits for the thread to end. */
    void stop() {
        admission.lock();
        try {
            stopping = true;
        } finally {
            admission.unlock();
        }
        // Wakes an idle writer now; if the queue is full the writer is busy and finds it stopping
        // once it has emptied the queue (within IDLE_WAIT_SECONDS).
        queue.offer(WAKE);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Anything still queued (the writer gave up or was interrupted) fails rather than hangs.
        Pending<?> left;
        while ((left = queue.poll()) != null) {
            left.future().completeExceptionally(StoreException.closed(name));
        }
    }

    private void run() {
        var batch = new ArrayList<Pending<?>>(maxBatch);
        while (true) {
            Pending<?> first;
            try {
                first = queue.poll(IDLE_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (first == null || first == WAKE) {
                // Nothing is admitted once stopping, so all that came before the wake is done.
                if (stopping) {
                    return;
                }
                continue;
            }
            long wait;
            while (gathers && (wait = lastBatchEnded + GATHER_NANOS - System.nanoTime()) > 0 && queue.size() < maxBatch - 1) {
                LockSupport.parkNanos(wait);
            }
            batch.add(first);
            queue.drainTo(batch, maxBatch - 1);
            boolean woken = batch.removeIf(p -> p == WAKE);
            try {
                commit(batch);
            } finally {
                lastBatchEnded = System.nanoTime();
                batch.clear();
            }
            if (woken && stopping && queue.isEmpty()) {
                return;
            }
        }
    }

    private void commit(List<Pending<?>> batch) {
        Object[] results = new Object[batch.size()];
        Throwable[] failures = new Throwable[batch.size()];
        List<Joined<?>> joined = new ArrayList<>(0);
        long start = System.nanoTime();
        try {
            raw.setAutoCommit(false);
            if (batch.size() > 1) {
                runEachInItsSavepoint(batch, results, failures, joined);
            } else if (!runAlone(batch.getFirst(), results, joined)) {
                return;
            }
        } catch (SQLException | RuntimeException e) {
            forgetMemos();
            log.atError().setMessage("A write batch failed; none of it is stored").addKeyValue("database", name)
                    .addKeyValue("batch", batch.size()).setCause(e).log();
            rollbackQuietly();
            lastCommitFailed = true;
            var failure = e instanceof SQLException sql ? new StoreException(sql) : e;
            batch.forEach(p -> p.future().completeExceptionally(failure));
            joined.forEach(j -> j.future().completeExceptionally(failure));
            resetAutoCommit();
            return;
        }
        try {
            raw.commit();
        } catch (SQLException e) {
            forgetMemos();
            var failure = StoreException.commitFailed(e);
            log.atError().setMessage(failure.outcomeUnknown() ? "A commit failed; whether the batch is stored is unknown"
                    : "A commit failed; none of the batch is stored").addKeyValue("database", name)
                    .addKeyValue("batch", batch.size()).setCause(e).log();
            rollbackQuietly();
            lastCommitFailed = true;
            batch.forEach(p -> p.future().completeExceptionally(failure));
            joined.forEach(j -> j.future().completeExceptionally(failure));
            return;
        } finally {
            try {
                raw.setAutoCommit(true);
            } catch (SQLException e) {
                log.atWarn().setMessage("Could not leave transaction mode").addKeyValue("database", name).setCause(e).log();
            }
        }
        lastCommitFailed = false;
        try {
            observer.committed(batch.size(), System.nanoTime() - start);
        } catch (RuntimeException e) {
            log.atWarn().setMessage("A commit observer failed").addKeyValue("database", name).setCause(e).log();
        }
        for (int i = 0; i < batch.size(); i++) {
            complete(batch.get(i), results[i], failures[i]);
        }
        joined.forEach(GroupCommitWriter::complete);
        // Cutting back an oversized WAL can wait for readers (up to the busy timeout): after the answers.
        boundWal(batch.size());
    }

    /** Runs each piece of the batch in its own savepoint: one that fails is rolled back alone. */
    private void runEachInItsSavepoint(List<Pending<?>> batch, Object[] results, Throwable[] failures, List<Joined<?>> joined)
            throws SQLException {
        var joinedHere = new ArrayList<Joined<?>>(0);
        for (int i = 0; i < batch.size(); i++) {
            if (!batch.get(i).keepsMemos()) {
                forgetSharedMemos();
            }
            run(savepoint());
            try {
                results[i] = apply(batch.get(i), joinedHere);
            } catch (SQLException | RuntimeException e) {
                forgetMemos();
                failures[i] = e;
                failJoined(joinedHere, e);
                joinedHere.clear();
                run(rollbackTo);
                run(release);
                continue;
            }
            // From here on, what joined the piece shares the batch's fate.
            joined.addAll(joinedHere);
            joinedHere.clear();
            run(release);
        }
    }

    /** What joined a piece that then failed was rolled back with it. */
    private static void failJoined(List<Joined<?>> joined, Throwable failure) {
        var cause = failure instanceof SQLException sql ? new StoreException(sql) : failure;
        joined.forEach(j -> j.future().completeExceptionally(cause));
    }

    /**
     * Runs a batch's only piece of work without a savepoint (two statements fewer; at light load
     * every piece is a batch of its own). If it fails, the transaction is rolled back, which is
     * what its savepoint would have done, and its future fails; false then: nothing to commit.
     */
    private boolean runAlone(Pending<?> pending, Object[] results, List<Joined<?>> joined) throws SQLException {
        if (!pending.keepsMemos()) {
            forgetSharedMemos();
        }
        try {
            results[0] = apply(pending, joined);
            return true;
        } catch (SQLException | RuntimeException e) {
            forgetMemos();
            raw.rollback();
            resetAutoCommit();
            complete(pending, null, e);
            failJoined(joined, e);
            return false;
        }
    }

    /**
     * The savepoint statements, prepared once on the writer's connection and kept: sqlite-jdbc's
     * own {@code setSavepoint} and {@code releaseSavepoint} format a name and compile a statement
     * anew each time (a fifth of the chat writer's time in benchmark B4).
     */
    private PreparedStatement savepoint() throws SQLException {
        if (savepoint == null) {
            savepoint = raw.prepareStatement(SAVEPOINT);
            release = raw.prepareStatement(RELEASE);
            rollbackTo = raw.prepareStatement(ROLLBACK_TO);
        }
        return savepoint;
    }

    private static void run(PreparedStatement statement) throws SQLException {
        statement.executeUpdate();
    }

    private static <T> void complete(Joined<T> joined) {
        joined.future().complete(joined.result());
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Pending<T> pending, Object result, Throwable failure) {
        if (failure == null) {
            pending.future().complete((T) result);
        } else {
            pending.future().completeExceptionally(failure instanceof SQLException sql ? new StoreException(sql) : failure);
        }
    }

    /**
     * After a commit (after a large batch, else at most every {@link #WAL_CHECK_NANOS}): a WAL that
     * grew past its bound (readers kept the automatic checkpoints from
     * reaching its end) is checkpointed now, waiting for readers, and truncated.
     */
    private void boundWal(int works) {
        long now = System.nanoTime();
        if (now - walCheckedAt < WAL_CHECK_NANOS && works < 64) {
            return;
        }
        walCheckedAt = now;
        try {
            if (Files.size(wal) <= walMaxBytes) {
                return;
            }
        } catch (IOException e) {
            return; // no WAL file (yet): nothing to bound
        }
        try (Statement st = connection.createStatement()) {
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException e) {
            log.atWarn().setMessage("Could not truncate the write-ahead log").addKeyValue("database", name)
                    .addKeyValue("reason", e.getMessage()).log();
        }
    }

    private void resetAutoCommit() {
        try {
            raw.setAutoCommit(true);
        } catch (SQLException e) {
            log.atWarn().setMessage("Could not leave transaction mode").addKeyValue("database", name).setCause(e).log();
        }
    }

    private void rollbackQuietly() {
        try {
            raw.rollback();
        } catch (SQLException e) {
            log.atWarn().setMessage("Rollback failed").addKeyValue("database", name).setCause(e).log();
        }
    }
}
