package se.samtal.loadtest.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The run's results: one table for people, one JSON file (with machine and JVM flags) for keeping. */
final class Report {
    private static final String[] HEADER = {"bench", "measure", "result", "target", "met"};

    private Report() {
    }

    static void printTable(List<BenchResult> results, PrintStream out) {
        var lines = new ArrayList<String[]>();
        lines.add(HEADER);
        for (BenchResult result : results) {
            for (Row row : result.rows()) {
                lines.add(new String[]{row.bench(), row.measure(), row.value(), row.target(),
                        row.met() == null ? "" : row.met() ? "yes" : "NO"});
            }
            if (!result.errors().isEmpty()) {
                lines.add(new String[]{result.id(), "ERRORS", String.join("; ", result.errors()), "none", "NO"});
            }
        }
        int[] widths = new int[HEADER.length];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (int n = 0; n < lines.size(); n++) {
            var cells = new StringBuilder("|");
            for (int i = 0; i < HEADER.length; i++) {
                cells.append(' ').append(pad(lines.get(n)[i], widths[i])).append(" |");
            }
            out.println(cells);
            if (n == 0) {
                var rule = new StringBuilder("|");
                for (int width : widths) {
                    rule.append('-').append("-".repeat(width)).append("-|");
                }
                out.println(rule);
            }
        }
    }

    static void writeJson(Map<String, Object> run, Path file, ObjectMapper mapper) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        mapper.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), run);
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}
