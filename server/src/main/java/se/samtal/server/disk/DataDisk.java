package se.samtal.server.disk;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The disk of the data directory (embedded mode): how much room it has, against what samtal needs.
 * Each database's write-ahead log stays within a few MiB (see {@code SqliteDatabase}), and SQLite
 * needs room to copy it back into the database; {@link #MIN_FREE_BYTES} is what operations.md
 * asks for beyond the data itself. Below it samtal warns at start; below {@link #READY_FREE_BYTES}
 * it is not ready ({@code /readyz}), because writes are about to fail and a load balancer should
 * send people elsewhere.
 */
public final class DataDisk {
    private static final Logger log = LoggerFactory.getLogger(DataDisk.class);
    /** Free space the data directory needs beyond its data: warned about at start. */
    public static final long MIN_FREE_BYTES = 64L * 1024 * 1024;
    /** Below this much free space the node is not ready. */
    public static final long READY_FREE_BYTES = 16L * 1024 * 1024;

    private final Path dir;

    public DataDisk(Path dir) {
        this.dir = dir;
    }

    /** Free bytes for samtal on the data directory's file system; -1 if it cannot be told. */
    public long freeBytes() {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Logs a warning if there is less free space than samtal needs. Call once at start. */
    public void warnIfSmall() {
        long free = freeBytes();
        if (free >= 0 && free < MIN_FREE_BYTES) {
            log.atWarn().setMessage("The data directory has less free space than samtal needs; writes will fail when it is full")
                    .addKeyValue("dir", dir.toAbsolutePath()).addKeyValue("freeBytes", free)
                    .addKeyValue("neededBytes", MIN_FREE_BYTES).log();
        }
    }

    /** Ready as far as the disk goes: enough free space that writes do not fail for lack of it. */
    public boolean hasRoom() {
        long free = freeBytes();
        return free < 0 || free >= READY_FREE_BYTES;
    }
}
