package se.samtal.server.report;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A report as CSV (RFC 4180, written by Apache Commons CSV): one row per line of the report, one
 * column per figure, named by its path in the JSON form ({@code outcomes.no_show},
 * {@code waitingSeconds.median}); an absent figure is an empty cell.
 */
public final class ReportCsv {
    private ReportCsv() {
    }

    /** Every row flattened the same way; the columns are the first row's. */
    public static String write(List<Map<String, Object>> rows) {
        var flat = rows.stream().map(ReportCsv::flatten).toList();
        var header = flat.isEmpty() ? List.<String>of() : new ArrayList<>(flat.getFirst().keySet());
        var out = new StringWriter();
        try (var printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).get())) {
            for (var row : flat) {
                var cells = new ArrayList<Object>();
                for (String column : header) {
                    Object value = row.get(column);
                    cells.add(value == null ? "" : String.valueOf(value));
                }
                printer.printRecord(cells);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static Map<String, Object> flatten(Map<String, Object> map) {
        var flat = new LinkedHashMap<String, Object>();
        flatten("", map, flat);
        return flat;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> map, Map<String, Object> into) {
        map.forEach((key, value) -> {
            String name = prefix.isEmpty() ? key : prefix + "." + key;
            if (value instanceof Map<?, ?> nested) {
                flatten(name, (Map<String, Object>) nested, into);
            } else {
                into.put(name, value);
            }
        });
    }
}
