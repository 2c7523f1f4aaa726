package se.samtal.server.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real small file system for a test: a tmpfs of a given size, mounted on a directory of the
 * test's own and unmounted afterwards. Mounting needs root (as CI runs); where it cannot be
 * mounted the test is skipped with the reason. {@link #fill()} writes a file until the disk is
 * full; {@link #free()} removes it.
 */
public final class SmallDisk implements AutoCloseable {
    private final Path mountPoint;
    private final Path filler;

    private SmallDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
        this.filler = mountPoint.resolve("filler");
    }

    /** Mounts a tmpfs of {@code megabytes} MiB on {@code mountPoint} (created if needed), or skips the test saying why. */
    public static SmallDisk mount(Path mountPoint, int megabytes) throws Exception {
        Files.createDirectories(mountPoint);
        String why;
        try {
            var mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m,mode=0700", "tmpfs",
                    mountPoint.toString()).redirectErrorStream(true).start();
            String output = new String(mount.getInputStream().readAllBytes());
            if (mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0) {
                return new SmallDisk(mountPoint);
            }
            why = "mount -t tmpfs failed (it needs root, as CI runs the suite): " + output.strip();
        } catch (IOException e) {
            why = "no mount command: " + e.getMessage();
        }
        Assumptions.abort("A small file system cannot be mounted here, so the full-disk test is skipped: " + why);
        throw new IllegalStateException("unreachable");
    }

    public Path path() {
        return mountPoint;
    }

    /** Writes a file until the disk has no room left. */
    public void fill() throws IOException {
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException e) {
            if (Files.getFileStore(mountPoint).getUsableSpace() > chunk.length) {
                throw e; // not the disk being full
            }
        }
    }

    /** Removes what {@link #fill()} wrote. */
    public void free() throws IOException {
        Files.deleteIfExists(filler);
    }

    /** Unmounts (lazily, if something still holds a file there). */
    @Override
    public void close() throws Exception {
        var umount = new ProcessBuilder("umount", "-l", mountPoint.toString()).redirectErrorStream(true).start();
        umount.getInputStream().readAllBytes();
        umount.waitFor(30, TimeUnit.SECONDS);
    }
}
