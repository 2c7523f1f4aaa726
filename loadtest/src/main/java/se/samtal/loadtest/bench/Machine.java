package se.samtal.loadtest.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The machine a run happened on, read from the JVM and {@code /proc}: the figures mean nothing without it. */
public final class Machine {
    private Machine() {
    }

    public static Map<String, Object> describe() {
        var m = new LinkedHashMap<String, Object>();
        m.put("cores", machineCores());
        m.put("harnessCores", Runtime.getRuntime().availableProcessors());
        m.put("cpu", firstValue(Path.of("/proc/cpuinfo"), "model name"));
        m.put("memoryBytes", kiloBytes(firstValue(Path.of("/proc/meminfo"), "MemTotal")));
        m.put("kernel", read(Path.of("/proc/sys/kernel/osrelease")));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("jdk", System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version"));
        m.put("javaHome", System.getProperty("java.home"));
        m.put("harnessJvmFlags", ManagementFactory.getRuntimeMXBean().getInputArguments());
        return m;
    }

    /** The 1-, 5- and 15-minute load averages now (what else the machine is doing). */
    public static List<Double> loadAverage() {
        String line = read(Path.of("/proc/loadavg"));
        if (line == null) {
            return List.of();
        }
        String[] parts = line.split("\\s+");
        return List.of(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2]));
    }

    /** The soft limit of open files of this process (servers it starts inherit it). */
    static int openFilesLimit() {
        String value = firstValue(Path.of("/proc/self/limits"), "Max open files");
        if (value == null) {
            return 1024;
        }
        String soft = value.strip().split("\\s+")[0];
        return soft.equals("unlimited") ? Integer.MAX_VALUE : Integer.parseInt(soft);
    }

    private static String firstValue(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    int colon = line.indexOf(':');
                    return (colon >= 0 ? line.substring(colon + 1) : line.substring(key.length())).strip();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static Long kiloBytes(String value) {
        return value == null ? null : Long.parseLong(value.replace("kB", "").strip()) * 1024;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return null;
        }
    }

    /** The machine's CPUs, whatever this process is pinned to (availableProcessors counts only those). */
    static int machineCores() {
        try (var lines = java.nio.file.Files.lines(java.nio.file.Path.of("/proc/cpuinfo"))) {
            long n = lines.filter(l -> l.startsWith("processor")).count();
            return n > 0 ? (int) n : Runtime.getRuntime().availableProcessors();
        } catch (java.io.IOException | RuntimeException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }
}
