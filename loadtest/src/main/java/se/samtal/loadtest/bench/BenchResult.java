package se.samtal.loadtest.bench;

import java.util.List;
import java.util.Map;

/**
 * What one benchmark found.
 *
 * @param id      B1 … B4
 * @param rows    its lines of the table
 * @param figures everything measured, for the JSON file
 * @param errors  failures that are not about speed (refused connections, error replies, lost
 *                messages): a smoke run fails on these, never on figures
 */
public record BenchResult(String id, String title, List<Row> rows, Map<String, Object> figures, List<String> errors) {
}
