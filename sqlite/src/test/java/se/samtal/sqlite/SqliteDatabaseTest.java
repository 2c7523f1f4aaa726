package se.samtal.sqlite;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteDatabaseTest {
    private static final List<String> SCHEMA = List.of("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");

    @TempDir
    Path dir;
    private SqliteDatabase db;

    @BeforeEach
    void open() {
        db = SqliteDatabase.open(dir.resolve("test.db"), SCHEMA, 2);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static Integer insert(Connection c, int id, String body) throws SQLException {
        try (var st = c.prepareStatement("INSERT INTO notes (id, body) VALUES (?, ?)")) {
            st.setInt(1, id);
            st.setString(2, body);
            return st.executeUpdate();
        }
    }

    private List<String> bodies() {
        return db.read(c -> {
            var list = new ArrayList<String>();
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT body FROM notes ORDER BY id")) {
                while (rs.next()) {
                    list.add(rs.getString(1));
                }
            }
            return list;
        });
    }

    /** Holds the writer inside a transaction until the returned latch is counted down. */
    private CountDownLatch holdWriter() throws InterruptedException {
        var entered = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        db.submit(c -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        return release;
    }

    /**
     * Cutting back an oversized WAL may wait for readers (up to the busy timeout): it comes after
     * the batch that made it oversized has been answered, not before.
     */
    @Test
    void anOversizedWalIsCutBackAfterTheBatchIsAnswered() throws Exception {
        String page = "p".repeat(4000); // a row about a page
        int rows = (int) (SqliteDatabase.WAL_MAX_BYTES / 4096) + 300;
        Path wal = dir.resolve("test.db-wal");
        // 64 writes in one batch: the writer looks at the WAL's size after it whenever it comes.
        var release = holdWriter();
        CompletableFuture<Object> last = null;
        for (int piece = 0; piece < 64; piece++) {
            int from = piece * rows / 64;
            int to = (piece + 1) * rows / 64;
            last = db.submit(c -> {
                for (int i = from; i < to; i++) {
                    insert(c, i, page);
                }
                return null;
            });
        }
        var walWhenAnswered = last.thenApply(x -> sizeOf(wal));
        release.countDown();

        assertThat(walWhenAnswered.get(10, TimeUnit.SECONDS)).isGreaterThan(SqliteDatabase.WAL_MAX_BYTES);
        // A batch of 64 looks at the WAL whenever it comes (a smaller one at most every 100 ms).
        var hold = holdWriter();
        var next = new ArrayList<CompletableFuture<Object>>();
        for (int i = 0; i < 64; i++) {
            next.add(db.submit(c -> null));
        }
        hold.countDown();
        CompletableFuture.allOf(next.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        db.submit(c -> null).get(10, TimeUnit.SECONDS); // the writer is past that batch's upkeep
        assertThat(sizeOf(wal)).isLessThanOrEqualTo(SqliteDatabase.WAL_KEPT_BYTES);
        assertThat(bodies()).hasSize(rows);
    }

    private static long sizeOf(Path file) {
        try {
            return java.nio.file.Files.size(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A savepoint keeps the pages it changes in SQLite's statement journal; past 64 KiB SQLite
     * would spill that journal to a deleted file in /var/tmp (two thirds of the server's write
     * calls in benchmark B4, and a write that fails when /var/tmp is full). It stays in memory.
     */
    @Test
    void aLargeSavepointKeepsItsJournalInMemory() throws Exception {
        String kilobyte = "x".repeat(1024);
        db.submit(c -> {
            for (int i = 0; i < 1000; i++) {
                insert(c, i, kilobyte);
            }
            return null;
        }).get(10, TimeUnit.SECONDS);

        var filesDuring = db.submit(c -> {
            try (var st = c.createStatement()) {
                st.execute("SAVEPOINT big");
                st.executeUpdate("UPDATE notes SET body = body || 'y'"); // every page of about a megabyte
                var files = temporaryFilesOpen();
                st.execute("RELEASE big");
                return files;
            }
        }).get(10, TimeUnit.SECONDS);

        assertThat(filesDuring).isEmpty();
        assertThat(bodies()).hasSize(1000).allMatch(b -> b.endsWith("y"));
    }

    /** SQLite's temporary files open in this process (named "etilqs_…"), seen through /proc. */
    private static List<String> temporaryFilesOpen() {
        var found = new ArrayList<String>();
        try (var fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            for (var fd : (Iterable<java.nio.file.Path>) fds::iterator) {
                try {
                    String target = java.nio.file.Files.readSymbolicLink(fd).toString();
                    if (target.contains("etilqs")) {
                        found.add(target);
                    }
                } catch (java.io.IOException gone) {
                    // closed meanwhile
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return found;
    }

    @Test
    void writesQueuedDuringACommitAreCommittedTogetherInSubmissionOrder() throws Exception {
        var batches = new CopyOnWriteArrayList<Integer>();
        db.observeCommits((size, nanos) -> batches.add(size));
        var release = holdWriter();
        var futures = new ArrayList<CompletableFuture<Integer>>();
        for (int i = 0; i < 100; i++) {
            int id = i;
            futures.add(db.submit(c -> insert(c, id, "note " + id)));
        }
        assertThat(futures).noneMatch(CompletableFuture::isDone);
        release.countDown();
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        assertThat(batches).containsExactly(1, 100);
        assertThat(bodies()).hasSize(100).startsWith("note 0", "note 1").endsWith("note 99");
    }

    @Test
    void aFailingWriteIsRolledBackAloneAndKeepsItsOwnException() throws Exception {
        var release = holdWriter();
        var first = db.submit(c -> insert(c, 1, "kept"));
        var failing = db.submit(c -> {
            insert(c, 2, "half done");
            throw new IllegalStateException("refused by a rule");
        });
        var duplicate = db.submit(c -> insert(c, 1, "same key"));
        var last = db.submit(c -> insert(c, 3, "also kept"));
        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(last.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IllegalStateException.class).hasMessage("refused by a rule");
        assertThatThrownBy(() -> duplicate.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(StoreException.class);
        assertThat(bodies()).containsExactly("kept", "also kept");
    }

    @Test
    void aLoneWriteThatFailsHalfwayLeavesNothingAndTheNextIsStored() throws Exception {
        var batches = new CopyOnWriteArrayList<Integer>();
        db.observeCommits((size, nanos) -> batches.add(size));
        var failing = db.submit(c -> {
            insert(c, 1, "half done");
            throw new IllegalStateException("refused after the insert");
        });
        assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(IllegalStateException.class);
        int stored = db.write(c -> insert(c, 1, "stored"));
        assertThat(stored).isEqualTo(1);

        assertThat(bodies()).containsExactly("stored");
        assertThat(batches).as("the failed batch was not committed").containsExactly(1);
    }

    private record Commit(int size, long started, long ended) {
    }

    /** Twelve writes, one every half millisecond; the commits they made, in order. */
    private static List<Commit> steadyStream(SqliteDatabase db) throws Exception {
        var commits = new CopyOnWriteArrayList<Commit>();
        db.observeCommits((size, nanos) -> {
            long now = System.nanoTime();
            commits.add(new Commit(size, now - nanos, now));
        });
        var futures = new ArrayList<CompletableFuture<Integer>>();
        for (int i = 1; i <= 12; i++) {
            int id = i;
            futures.add(db.submit(c -> insert(c, id, "note " + id)));
            long until = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(500);
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(commits.stream().mapToInt(Commit::size).sum()).isEqualTo(12);
        return commits;
    }

    @Test
    void underASteadyStreamAGatheringWritersBatchBeginsNoSoonerThanTheGatheringTimeAfterThePreviousCommit() throws Exception {
        db.close();
        db = SqliteDatabase.open(dir.resolve("test.db"), SCHEMA, 2, true);
        var commits = steadyStream(db);

        assertThat(commits.size()).as("twelve writes over six milliseconds gathered").isLessThan(12);
        for (int i = 1; i < commits.size(); i++) {
            assertThat(commits.get(i).started() - commits.get(i - 1).ended()).as("gap before commit %d of %s", i, commits)
                    .isGreaterThanOrEqualTo(GroupCommitWriter.GATHER_NANOS);
        }
    }

    @Test
    void aWriterThatDoesNotGatherBeginsItsNextBatchAtOnce() throws Exception {
        var commits = steadyStream(db);

        assertThat(commits.size()).isGreaterThan(1);
        assertThat(java.util.stream.IntStream.range(1, commits.size()).mapToLong(i -> commits.get(i).started() - commits.get(i - 1).ended()))
                .as("gaps between commits of %s", commits).anyMatch(gap -> gap < GroupCommitWriter.GATHER_NANOS);
    }

    @Test
    void writeWaitsForTheCommitAndRethrowsTheWorksException() {
        int inserted = db.write(c -> insert(c, 7, "seven"));
        assertThat(inserted).isEqualTo(1);
        assertThat(bodies()).containsExactly("seven");
        assertThatThrownBy(() -> db.write(c -> {
            throw new IllegalArgumentException("nope");
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("nope");
    }

    @Test
    void committedWritesSurviveReopeningAndAClosedDatabaseRefusesWork() throws Exception {
        db.submit(c -> insert(c, 1, "durable")).get(10, TimeUnit.SECONDS);
        db.close();

        assertThatThrownBy(() -> db.submit(c -> insert(c, 2, "late")).get(10, TimeUnit.SECONDS))
                .cause().isInstanceOf(StoreException.class);
        db = SqliteDatabase.open(dir.resolve("test.db"), SCHEMA, 1);
        assertThat(bodies()).containsExactly("durable");
    }

    /** A write that inserts {@code id} and has {@code joined} (inserting {@code id + 1}) join it; the joined future is put in {@code holder}. */
    private CompletableFuture<Integer> writeWithJoined(int id, boolean joinedFails, boolean failsAfter,
                                                       List<CompletableFuture<Integer>> holder) {
        return db.submit(c -> {
            insert(c, id, "outer " + id);
            assertThat(db.inWrite()).isTrue();
            holder.add(db.submit(inner -> {
                insert(inner, id + 1, "joined " + (id + 1));
                if (joinedFails) {
                    throw new IllegalStateException("the joined write refuses");
                }
                return 1;
            }));
            if (failsAfter) {
                throw new IllegalStateException("the write refuses after the join");
            }
            return 1;
        });
    }

    @Test
    void workSubmittedByAWriteJoinsItAndCommitsWithItInOneCommitAloneOrInABatch() throws Exception {
        var batches = new CopyOnWriteArrayList<Integer>();
        db.observeCommits((size, nanos) -> batches.add(size));
        assertThat(db.inWrite()).isFalse();
        var joined = new ArrayList<CompletableFuture<Integer>>();
        assertThat(writeWithJoined(1, false, false, joined).get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(joined.getFirst().get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(batches).containsExactly(1);

        var release = holdWriter();
        var outer = writeWithJoined(10, false, false, joined);
        var other = db.submit(c -> insert(c, 20, "other"));
        release.countDown();
        outer.get(10, TimeUnit.SECONDS);
        other.get(10, TimeUnit.SECONDS);
        assertThat(joined.getLast().get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(batches).containsExactly(1, 1, 2);
        assertThat(bodies()).containsExactly("outer 1", "joined 2", "outer 10", "joined 11", "other");
    }

    @Test
    void aJoinedWriteThatFailsFailsTheWriteItJoinedAndNeitherIsStored() throws Exception {
        var joined = new ArrayList<CompletableFuture<Integer>>();
        var alone = writeWithJoined(1, true, false, joined);
        assertThatThrownBy(() -> alone.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(IllegalStateException.class)
                .hasMessage("the joined write refuses");
        assertThat(joined).isEmpty();

        var release = holdWriter();
        var inBatch = writeWithJoined(10, true, false, joined);
        var other = db.submit(c -> insert(c, 20, "other"));
        release.countDown();
        assertThatThrownBy(() -> inBatch.get(10, TimeUnit.SECONDS)).cause().hasMessage("the joined write refuses");
        other.get(10, TimeUnit.SECONDS);
        assertThat(bodies()).containsExactly("other");
    }

    @Test
    void aWriteThatFailsAfterWorkJoinedItTakesThatWorkWithIt() throws Exception {
        var joined = new ArrayList<CompletableFuture<Integer>>();
        var alone = writeWithJoined(1, false, true, joined);
        assertThatThrownBy(() -> alone.get(10, TimeUnit.SECONDS)).cause().hasMessage("the write refuses after the join");
        assertThatThrownBy(() -> joined.getFirst().get(10, TimeUnit.SECONDS)).cause()
                .hasMessage("the write refuses after the join");

        var release = holdWriter();
        var inBatch = writeWithJoined(10, false, true, joined);
        var other = db.submit(c -> insert(c, 20, "other"));
        release.countDown();
        assertThatThrownBy(() -> inBatch.get(10, TimeUnit.SECONDS)).cause().hasMessage("the write refuses after the join");
        assertThatThrownBy(() -> joined.getLast().get(10, TimeUnit.SECONDS)).cause()
                .hasMessage("the write refuses after the join");
        other.get(10, TimeUnit.SECONDS);
        assertThat(bodies()).containsExactly("other");
    }

    @Test
    void workSubmittedFromTheWriterAfterAWriteIsQueuedForTheNextCommit() throws Exception {
        var batches = new CopyOnWriteArrayList<Integer>();
        db.observeCommits((size, nanos) -> batches.add(size));
        var next = new CompletableFuture<CompletableFuture<Integer>>();
        // Completion callbacks of a write run on the writer thread, after its commit: no write runs then.
        db.submit(c -> insert(c, 1, "first")).thenAccept(n -> next.complete(db.submit(c -> insert(c, 2, "second"))));
        assertThat(next.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(batches).containsExactly(1, 1);
        assertThat(bodies()).containsExactly("first", "second");
    }

    @Test
    void aGuestsTablesAreMigratedInTheSameFileAndCountedApartFromTheOwners() throws Exception {
        db.close();
        var guest = new SqliteDatabase.Guest("guest", List.of("CREATE TABLE visits (id INTEGER PRIMARY KEY)"));
        db = SqliteDatabase.open(dir.resolve("test.db"), SCHEMA, 1, false, List.of(guest));
        db.write(c -> {
            insert(c, 1, "owner's");
            try (var st = c.createStatement()) {
                return st.executeUpdate("INSERT INTO visits (id) VALUES (7)");
            }
        });
        db.close();

        var grown = new SqliteDatabase.Guest("guest", List.of(guest.migrations().get(0), "ALTER TABLE visits ADD COLUMN at INTEGER"));
        db = SqliteDatabase.open(dir.resolve("test.db"), SCHEMA, 1, false, List.of(grown));
        assertThat(bodies()).containsExactly("owner's");
        String visit = db.read(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT id, at FROM visits")) {
                return rs.next() ? rs.getInt(1) + "/" + rs.getObject(2) : "none";
            }
        });
        assertThat(visit).isEqualTo("7/null");
        int ownersVersion = db.read(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("PRAGMA user_version")) {
                return rs.next() ? rs.getInt(1) : -1;
            }
        });
        assertThat(ownersVersion).as("the owner's count is its own").isEqualTo(1);
        db.close();

        assertThatThrownBy(() -> SqliteDatabase.open(dir.resolve("test.db"), SCHEMA, 1, false, List.of(guest)))
                .hasMessageContaining("of guest is newer than this build knows");
        db = SqliteDatabase.open(dir.resolve("test.db"), SCHEMA, 1, false, List.of(grown));
    }

    @Test
    void anOlderBuildRefusesANewerSchema() {
        db.close();
        SqliteDatabase.open(dir.resolve("test.db"), List.of(SCHEMA.get(0), "CREATE TABLE later (x INTEGER)"), 1).close();

        assertThatThrownBy(() -> SqliteDatabase.open(dir.resolve("test.db"), SCHEMA, 1))
                .hasMessageContaining("newer than this build knows");
        db = SqliteDatabase.open(dir.resolve("test.db"), List.of(SCHEMA.get(0), "CREATE TABLE later (x INTEGER)"), 1);
    }

    @Test
    void theWriteAheadLogStaysWithinItsBoundHoweverMuchIsWritten() throws Exception {
        String body = "x".repeat(3000);
        var writes = new ArrayList<CompletableFuture<Integer>>();
        for (int i = 0; i < 10_000; i++) { // about 30 MB, in many commits
            int id = i;
            writes.add(db.submit(c -> insert(c, id, body)));
            if (i % 100 == 99) {
                CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
                writes.clear();
                assertThat(java.nio.file.Files.size(dir.resolve("test.db-wal"))).isLessThanOrEqualTo(SqliteDatabase.WAL_MAX_BYTES);
            }
        }
        assertThat(bodies()).hasSize(10_000);
        assertThat(java.nio.file.Files.size(dir.resolve("test.db-wal"))).as("a small data directory is not filled by the log")
                .isLessThanOrEqualTo(SqliteDatabase.WAL_MAX_BYTES);
    }

    @Test
    void theWritersMemosAreForgottenByOtherWorkAndByFailuresAndKeptByWorkThatKeepsThem() {
        WriterMemo<String, String> memo = db.memo(16);
        db.writeKeepingMemos(c -> {
            memo.put("a", "remembered");
            return insert(c, 1, "ett");
        });
        String kept = db.writeKeepingMemos(c -> memo.get("a"));
        assertThat(kept).isEqualTo("remembered");

        // Work that keeps memos but fails: its changes are rolled back, and so is what it remembered.
        assertThatThrownBy(() -> db.writeKeepingMemos(c -> {
            memo.put("b", "from a failed write");
            return insert(c, 1, "ett igen");
        })).isInstanceOf(StoreException.class);
        Boolean forgotten = db.writeKeepingMemos(c -> memo.get("a") == null && memo.get("b") == null);
        assertThat(forgotten).isTrue();

        db.writeKeepingMemos(c -> {
            memo.put("a", "remembered again");
            return null;
        });
        // Any other write may change any row: the memo is forgotten before it runs.
        String afterOtherWork = db.write(c -> memo.get("a"));
        assertThat(afterOtherWork).isNull();
        assertThat(bodies()).containsExactly("ett");
    }

    @Test
    void aMemoOfOwnRowsIsKeptAcrossOtherWorkAndForgottenByFailures() {
        WriterMemo<String, String> own = db.memoOfOwnRows(4);
        WriterMemo<String, String> shared = db.memo(4);
        db.writeKeepingMemos(c -> {
            own.put("a", "own");
            shared.put("a", "shared");
            return null;
        });
        List<String> afterOtherWork = db.write(c -> java.util.Arrays.asList(own.get("a"), shared.get("a")));
        assertThat(afterOtherWork).containsExactly("own", null);

        // A batch of several pieces: the other piece forgets only the shared memo.
        db.writeKeepingMemos(c -> {
            shared.put("b", "shared");
            return null;
        });
        var first = db.submit(c -> insert(c, 7, "sju"));
        var second = db.submitKeepingMemos(c -> java.util.Arrays.asList(own.get("a"), shared.get("b")));
        first.join();
        assertThat(second.join()).containsExactly("own", null);

        assertThatThrownBy(() -> db.write(c -> {
            insert(c, 7, "sju igen");
            return null;
        })).isInstanceOf(StoreException.class);
        String afterFailure = db.writeKeepingMemos(c -> own.get("a"));
        assertThat(afterFailure).as("a failure may have rolled back what it remembers").isNull();
    }

    @Test
    void aMemoKeepsAtMostItsSizeDroppingTheLeastRecentlyUsed() {
        WriterMemo<Integer, Integer> memo = db.memo(2);
        db.writeKeepingMemos(c -> {
            memo.put(1, 1);
            memo.put(2, 2);
            memo.get(1);
            memo.put(3, 3);
            return null;
        });
        List<Boolean> held = db.writeKeepingMemos(c -> List.of(memo.get(1) != null, memo.get(2) != null, memo.get(3) != null));
        assertThat(held).containsExactly(true, false, true);
    }

    /** Polls (10 s at most) until the thread of that name waits with a timeout: idle, between looks. */
    private static void awaitAsleep(String threadName) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals(threadName) && t.getState() == Thread.State.TIMED_WAITING)) {
            assertThat(System.nanoTime()).as(threadName + " asleep within 10 s").isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
    }

    @Test
    void anIdleDatabaseClosesAtOnceAndFinishesWhatWasQueued() throws Exception {
        var other = SqliteDatabase.open(dir.resolve("idle.db"), SCHEMA, 1);
        var written = other.submit(c -> insert(c, 1, "queued last"));
        written.get(10, java.util.concurrent.TimeUnit.SECONDS);
        // Its writer now sleeps (for up to GroupCommitWriter.IDLE_WAIT_SECONDS); closing wakes it.
        awaitAsleep("samtal-db-writer-idle.db");
        long start = System.nanoTime();
        other.close();
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).as("closing wakes the sleeping writer")
                .isLessThan(java.time.Duration.ofSeconds(GroupCommitWriter.IDLE_WAIT_SECONDS - 2));
        var reopened = SqliteDatabase.open(dir.resolve("idle.db"), SCHEMA, 1);
        try {
            String body = reopened.read(c -> {
                try (var st = c.createStatement(); var rs = st.executeQuery("SELECT body FROM notes")) {
                    return rs.next() ? rs.getString(1) : null;
                }
            });
            assertThat(body).isEqualTo("queued last");
        } finally {
            reopened.close();
        }
    }
}
