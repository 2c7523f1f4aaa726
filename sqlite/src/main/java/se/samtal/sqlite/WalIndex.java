package se.samtal.sqlite;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How many frames of a database's write-ahead log are not yet copied back into the database, read
 * from SQLite's wal-index (the {@code -shm} file) as its file format documents it
 * (sqlite.org/walformat.html): {@code mxFrame}, the last valid frame, at offset 16 of the header,
 * and {@code nBackfill}, the frames already checkpointed, at offset 96. SQLite's C API tells a
 * writer this after every commit (its WAL hook); the JDBC driver does not pass it on.
 *
 * <p>Read only on the writer thread between its transactions, when only that thread changes
 * these fields. Anything unexpected (no file, another format version, a header not yet set up)
 * reads as "unknown" ({@code -1}), and the caller then leaves checkpoints to SQLite.
 */
final class WalIndex implements AutoCloseable {
    /** The wal-index format version SQLite writes (3.7.0 and every version since). */
    static final int VERSION = 3007000;
    private static final int HEADER_BYTES = 136;
    private static final int MX_FRAME = 16;
    private static final int IS_INIT = 12;
    private static final int N_BACKFILL = 96;

    private final FileChannel channel;
    private final MappedByteBuffer map;

    private WalIndex(FileChannel channel, MappedByteBuffer map) {
        this.channel = channel;
        this.map = map;
        map.order(ByteOrder.nativeOrder());
    }

    /** The wal-index of {@code database}, or null if it has none that this class can read. */
    static WalIndex open(Path database) {
        Path shm = Path.of(database.toAbsolutePath() + "-shm");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(shm, StandardOpenOption.READ);
            if (channel.size() < HEADER_BYTES) {
                channel.close();
                return null;
            }
            var index = new WalIndex(channel, channel.map(FileChannel.MapMode.READ_ONLY, 0, HEADER_BYTES));
            if (index.unbackfilledFrames() < 0) {
                index.close();
                return null;
            }
            return index;
        } catch (IOException | UnsupportedOperationException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // nothing more to do
                }
            }
            return null;
        }
    }

    /** Frames in the WAL not yet copied into the database; -1 if the header is not one this class knows. */
    long unbackfilledFrames() {
        if (map.getInt(0) != VERSION || map.get(IS_INIT) != 1) {
            return -1;
        }
        long mxFrame = Integer.toUnsignedLong(map.getInt(MX_FRAME));
        long backfilled = Integer.toUnsignedLong(map.getInt(N_BACKFILL));
        // After the WAL starts over, the count begins again from the start.
        return backfilled <= mxFrame ? mxFrame - backfilled : mxFrame;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the mapping stays valid until collected; nothing else holds the file
        }
    }
}
