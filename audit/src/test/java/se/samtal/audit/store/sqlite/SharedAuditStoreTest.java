package se.samtal.audit.store.sqlite;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samtal.audit.AuditLog;
import se.samtal.audit.AuditObserver;
import se.samtal.audit.chain.AuditEntry;
import se.samtal.audit.chain.ChainPoint;
import se.samtal.audit.verify.ChainVerifier;
import se.samtal.sqlite.SqliteDatabase;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static se.samtal.audit.store.AuditFixtures.OTHER_TENANT;
import static se.samtal.audit.store.AuditFixtures.T0;
import static se.samtal.audit.store.AuditFixtures.TENANT;
import static se.samtal.audit.store.AuditFixtures.chat;
import static se.samtal.audit.store.AuditFixtures.read;

/**
 * The audit tables as a guest in another part's database: an entry written inside that part's
 * write commits with it or not at all, and a trail kept in a file of its own moves in intact.
 */
class SharedAuditStoreTest {
    private static final List<String> OWNER = List.of("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");

    @TempDir
    Path dir;
    private SqliteDatabase db;
    private SqliteAuditStore store;

    @BeforeEach
    void open() {
        db = SqliteDatabase.open(dir.resolve("shared.db"), OWNER, 1, false, List.of(AuditSchema.GUEST));
        store = SqliteAuditStore.sharing(db);
    }

    @AfterEach
    void close() {
        store.close();
        db.close();
    }

    private static int insertNote(Connection c, int id) throws SQLException {
        try (var st = c.prepareStatement("INSERT INTO notes (id, body) VALUES (?, 'a note')")) {
            st.setInt(1, id);
            return st.executeUpdate();
        }
    }

    private int notes() {
        return db.read(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM notes")) {
                return rs.next() ? rs.getInt(1) : -1;
            }
        });
    }

    @Test
    void closingASharingStoreLeavesItsOwnersDatabaseOpen() {
        store.close();
        int inserted = db.write(c -> insertNote(c, 1));
        assertThat(inserted).isEqualTo(1);
        assertThat(db.isHealthy()).isTrue();
    }

    @Test
    void anEntryRecordedWithinAWriteCommitsWithIt() throws Exception {
        var log = new AuditLog(store, AuditObserver.NONE, Clock.fixed(T0, ZoneOffset.UTC));
        var entry = new AtomicReference<CompletableFuture<AuditEntry>>();
        var batches = new java.util.concurrent.CopyOnWriteArrayList<Integer>();
        db.observeCommits((size, nanos) -> batches.add(size));

        db.submit(c -> {
            insertNote(c, 1);
            entry.set(log.recordWithin(chat(TENANT, "c1", null, T0, "patient-1")));
            return null;
        }).get(10, TimeUnit.SECONDS);

        assertThat(entry.get().get(10, TimeUnit.SECONDS).seq()).isEqualTo(1);
        assertThat(batches).as("one commit for the note and its entry").containsExactly(1);
        assertThat(notes()).isEqualTo(1);
        assertThat(store.state(TENANT).head().seq()).isEqualTo(1);
        assertThat(new ChainVerifier(store).verify(TENANT).intact()).isTrue();
    }

    @Test
    void whenTheWriteFailsItsEntryIsNeitherStoredNorKeptToBeTriedAgain() throws Exception {
        var log = new AuditLog(store, AuditObserver.NONE, Clock.fixed(T0, ZoneOffset.UTC));
        log.record(read(TENANT, "s0", T0, "patient-0")).get(10, TimeUnit.SECONDS);
        var entry = new AtomicReference<CompletableFuture<AuditEntry>>();

        var failed = db.submit(c -> {
            insertNote(c, 1);
            entry.set(log.recordWithin(chat(TENANT, "c1", null, T0, "patient-1")));
            throw new IllegalStateException("the message was refused after all");
        });

        assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS)).cause().hasMessage("the message was refused after all");
        assertThatThrownBy(() -> entry.get().get(10, TimeUnit.SECONDS)).cause().hasMessage("the message was refused after all");
        assertThat(notes()).isZero();
        assertThat(log.isFailing()).as("nothing waits to be tried again").isFalse();
        // The next entry takes the number the rolled-back one had: the chain has no hole.
        log.record(read(TENANT, "s2", T0, "patient-0")).get(10, TimeUnit.SECONDS);
        assertThat(store.state(TENANT).head().seq()).isEqualTo(2);
        assertThat(new ChainVerifier(store).verify(TENANT).intact()).isTrue();
    }

    @Test
    void recordingWithinNeedsAWriteOfTheSharedDatabaseOnThisThread() throws Exception {
        var log = new AuditLog(store, AuditObserver.NONE, Clock.fixed(T0, ZoneOffset.UTC));
        assertThatThrownBy(() -> log.recordWithin(chat(TENANT, "c1", null, T0, "patient-1")))
                .isInstanceOf(IllegalStateException.class);

        try (var own = SqliteAuditStore.open(dir.resolve("own.db"))) {
            var ownLog = new AuditLog(own, AuditObserver.NONE, Clock.fixed(T0, ZoneOffset.UTC));
            var refused = db.submit(c -> ownLog.recordWithin(chat(TENANT, "c1", null, T0, "patient-1")));
            assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(IllegalStateException.class);
            assertThat(own.state(TENANT).head()).isEqualTo(ChainPoint.GENESIS);
        }
        assertThat(store.state(TENANT).head()).isEqualTo(ChainPoint.GENESIS);
    }

    /** A trail in a file of its own, as the server kept it before: three entries of one tenant, one of another. */
    private ChainPoint oldTrail(Path file, String session) throws Exception {
        try (var old = SqliteAuditStore.open(file)) {
            for (int i = 0; i < 3; i++) {
                old.append(read(TENANT, session + i, T0.plusSeconds(i), "patient-" + i)).get(10, TimeUnit.SECONDS);
            }
            old.append(read(OTHER_TENANT, session, T0, "patient-9")).get(10, TimeUnit.SECONDS);
            return old.state(TENANT).head();
        }
    }

    @Test
    void aTrailInAFileOfItsOwnMovesInWithEveryHashAndLinkAndTheOldFileIsKeptAside() throws Exception {
        Path old = dir.resolve("audit.db");
        ChainPoint head = oldTrail(old, "s");

        assertThat(TrailMove.into(db, old)).isTrue();

        assertThat(old).doesNotExist();
        assertThat(dir.resolve("audit.db.moved")).exists();
        assertThat(store.state(TENANT).head()).isEqualTo(head);
        var verification = new ChainVerifier(store).verify(TENANT);
        assertThat(verification.intact()).isTrue();
        assertThat(verification.checked()).isEqualTo(3);
        assertThat(new ChainVerifier(store).verify(OTHER_TENANT).checked()).isEqualTo(1);
        // The chain goes on from where it was.
        assertThat(store.append(read(TENANT, "after", T0.plusSeconds(9), "patient-1")).get(10, TimeUnit.SECONDS).seq()).isEqualTo(4);
        assertThat(new ChainVerifier(store).verify(TENANT).intact()).isTrue();
        assertThat(TrailMove.into(db, old)).as("nothing left to move").isFalse();
    }

    @Test
    void aMoveCutShortBeforeTheRenameIsFinishedWithoutCopyingTwice() throws Exception {
        Path old = dir.resolve("audit.db");
        oldTrail(old, "s");
        TrailMove.into(db, old);
        Files.copy(dir.resolve("audit.db.moved"), old);

        assertThat(TrailMove.into(db, old)).isTrue();

        assertThat(old).doesNotExist();
        assertThat(new ChainVerifier(store).verify(TENANT).checked()).isEqualTo(3);
    }

    @Test
    void twoDifferentTrailsAreNeitherMergedNorDropped() throws Exception {
        store.append(read(TENANT, "new", T0, "patient-1")).get(10, TimeUnit.SECONDS);
        Path old = dir.resolve("audit.db");
        oldTrail(old, "s");

        assertThatThrownBy(() -> TrailMove.into(db, old)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("they differ");

        assertThat(old).exists();
        assertThat(store.state(TENANT).head().seq()).isEqualTo(1);
    }
}
