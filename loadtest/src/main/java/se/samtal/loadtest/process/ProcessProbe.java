package se.samtal.loadtest.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Looks at a running JVM from the outside, with the JDK's {@code jcmd} and Linux's {@code /proc}:
 * its live heap (after a full collection), resident memory, flags and open files.
 */
public final class ProcessProbe {
    private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)\\s*$", Pattern.MULTILINE);
    private static final Pattern CLASS_ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)", Pattern.MULTILINE);

    private ProcessProbe() {
    }

    /**
     * A class histogram of the live heap: {@code jcmd GC.class_histogram} runs a full GC first.
     *
     * @param histogram the histogram as jcmd printed it, every class
     */
    public record Heap(long liveBytes, long instances, List<ClassUse> top, String histogram) {
    }

    /** One row of the histogram. */
    public record ClassUse(String className, long instances, long bytes) {
    }

    public static Heap liveHeap(long pid, int topRows) {
        String out = jcmd(pid, "GC.class_histogram");
        var total = TOTAL.matcher(out);
        if (!total.find()) {
            throw new IllegalStateException("jcmd GC.class_histogram printed no total");
        }
        var top = new ArrayList<ClassUse>();
        var rows = CLASS_ROW.matcher(out);
        while (top.size() < topRows && rows.find()) {
            top.add(new ClassUse(rows.group(3), Long.parseLong(rows.group(1)), Long.parseLong(rows.group(2))));
        }
        return new Heap(Long.parseLong(total.group(2)), Long.parseLong(total.group(1)), top, out);
    }

    /** The process's resident set size (VmRSS). */
    public static long rssBytes(long pid) {
        return statusField(pid, "VmRSS:") * 1024;
    }

    /** The flags the JVM runs with, as {@code jcmd VM.flags} prints them (ergonomic choices included). */
    public static String vmFlags(long pid) {
        String out = jcmd(pid, "VM.flags").strip();
        int newline = out.indexOf('\n');
        return newline >= 0 ? out.substring(newline + 1).strip() : out;
    }

    /** How many file descriptors the process has open. */
    public static int openFiles(long pid) {
        String[] fds = Path.of("/proc", Long.toString(pid), "fd").toFile().list();
        return fds == null ? -1 : fds.length;
    }

    /**
     * The CPU time (user and system, all threads) the process has used so far, in nanoseconds;
     * -1 where the platform does not say.
     */
    public static long cpuNanos(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(java.time.Duration::toNanos).orElse(-1L);
    }

    /**
     * CPU time the JVM's JIT compiler threads ({@code C1 CompilerThread…}, {@code C2 CompilerThread…})
     * of process {@code pid} have used, in nanoseconds, from each thread's {@code stat} under {@code /proc/<pid>/task} (in
     * clock ticks of 10 ms, so meant for windows of seconds); -1 where that cannot be read.
     */
    public static long compilerCpuNanos(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        long ticks = 0;
        try (var threads = Files.list(tasks)) {
            for (Path task : (Iterable<Path>) threads::iterator) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
                        continue;
                    }
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return ticks * 10_000_000L;
    }

    private static long statusField(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).replace("kB", "").strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no " + field + " for process " + pid);
    }

    private static String jcmd(long pid, String command) {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        try {
            var process = new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + command + " failed: " + new String(out, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
