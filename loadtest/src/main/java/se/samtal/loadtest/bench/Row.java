package se.samtal.loadtest.bench;

/**
 * One line of the results table.
 *
 * @param met whether the target is met; null where there is no target
 */
public record Row(String bench, String measure, String value, String target, Boolean met) {

    public static Row info(String bench, String measure, String value) {
        return new Row(bench, measure, value, "", null);
    }
}
