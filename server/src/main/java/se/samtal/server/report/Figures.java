package se.samtal.server.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Durations in whole seconds, and the figures reports give of them: how many, the median (the
 * middle value; for an even count the mean of the two middle ones), and the 90th percentile by
 * nearest rank (the smallest value that at least 90 % of the values do not exceed).
 */
public final class Figures {
    private final List<Long> values = new ArrayList<>();

    public void add(long seconds) {
        values.add(seconds);
    }

    public int count() {
        return values.size();
    }

    /** The median, or null without values: a whole number, or one ending in .5. */
    public Number median() {
        if (values.isEmpty()) {
            return null;
        }
        var sorted = sorted();
        int n = sorted.size();
        if (n % 2 == 1) {
            return sorted.get(n / 2);
        }
        long sum = sorted.get(n / 2 - 1) + sorted.get(n / 2);
        return sum % 2 == 0 ? (Number) (sum / 2) : (Number) (sum / 2.0);
    }

    /** The 90th percentile by nearest rank, or null without values. */
    public Long p90() {
        if (values.isEmpty()) {
            return null;
        }
        var sorted = sorted();
        int rank = (int) Math.ceil(0.9 * sorted.size());
        return sorted.get(Math.max(1, rank) - 1);
    }

    private List<Long> sorted() {
        var copy = new ArrayList<>(values);
        Collections.sort(copy);
        return copy;
    }

    /** {@code count}, {@code median}, and with {@code withP90} also {@code p90}. */
    public Map<String, Object> view(boolean withP90) {
        var v = new LinkedHashMap<String, Object>();
        v.put("count", count());
        v.put("median", median());
        if (withP90) {
            v.put("p90", p90());
        }
        return v;
    }
}
