package se.samtal.sqlite;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What is not a wal-index this class knows reads as none: the writer then leaves checkpoints to SQLite. */
class WalIndexTest {
    @TempDir
    Path dir;

    @Test
    void noShmFileIsNoIndex() {
        assertThat(WalIndex.open(dir.resolve("none.db"))).isNull();
    }

    @Test
    void aHeaderNotSetUpIsNoIndex() throws Exception {
        Files.write(dir.resolve("zeros.db-shm"), new byte[32 * 1024]);
        assertThat(WalIndex.open(dir.resolve("zeros.db"))).isNull();
    }

    @Test
    void aShortFileIsNoIndex() throws Exception {
        Files.write(dir.resolve("short.db-shm"), new byte[64]);
        assertThat(WalIndex.open(dir.resolve("short.db"))).isNull();
    }
}
