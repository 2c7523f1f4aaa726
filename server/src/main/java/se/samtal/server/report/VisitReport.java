package se.samtal.server.report;

import se.samtal.server.record.VisitRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The visits of a tenant's sessions scheduled to start in a window, by period: how many, by
 * outcome, by contact type (of those completed), the patients' waiting time (median, 90th
 * percentile) and the visits' duration (median). Figures only: no person, no session id.
 */
public final class VisitReport {
    public static final List<String> OUTCOMES = List.of(VisitRecord.COMPLETED, VisitRecord.CANCELLED, VisitRecord.NO_SHOW,
            VisitRecord.NOT_HELD, VisitRecord.PENDING);
    public static final List<String> CONTACT_TYPES = List.of("video", "audio", "text", "mixed");

    private final ReportWindow window;
    private final ReportWindow.GroupBy groupBy;
    private final List<ReportWindow.Period> periods;
    private final List<Tally> tallies = new ArrayList<>();
    private final Tally total = new Tally();

    private static final class Tally {
        int visits;
        final Map<String, Integer> outcomes = new LinkedHashMap<>();
        final Map<String, Integer> contactTypes = new LinkedHashMap<>();
        final Figures waiting = new Figures();
        final Figures duration = new Figures();

        Tally() {
            OUTCOMES.forEach(o -> outcomes.put(o, 0));
            CONTACT_TYPES.forEach(t -> contactTypes.put(t, 0));
        }

        void add(VisitRecord r) {
            visits++;
            outcomes.merge(r.outcome(), 1, Integer::sum);
            if (VisitRecord.COMPLETED.equals(r.outcome())) {
                if (r.contactType() != null) {
                    contactTypes.merge(r.contactType(), 1, Integer::sum);
                }
                Long waited = r.patientWaitedSeconds();
                if (waited != null) {
                    waiting.add(waited);
                }
                if (r.durationSeconds() != null) {
                    duration.add(r.durationSeconds());
                }
            }
        }

        Map<String, Object> view() {
            var v = new LinkedHashMap<String, Object>();
            v.put("visits", visits);
            v.put("outcomes", outcomes);
            v.put("contactTypes", contactTypes);
            v.put("waitingSeconds", waiting.view(true));
            v.put("durationSeconds", duration.view(false));
            return v;
        }
    }

    public VisitReport(ReportWindow window, ReportWindow.GroupBy groupBy) {
        this.window = window;
        this.groupBy = groupBy;
        this.periods = window.periods(groupBy);
        periods.forEach(p -> tallies.add(new Tally()));
    }

    /** Counts a visit in the period of its scheduled start (one outside the window is not counted). */
    public void add(VisitRecord record) {
        if (!window.contains(record.scheduledStart())) {
            return;
        }
        for (int i = 0; i < periods.size(); i++) {
            var p = periods.get(i);
            if (!record.scheduledStart().isBefore(p.from()) && record.scheduledStart().isBefore(p.to())) {
                tallies.get(i).add(record);
                total.add(record);
                return;
            }
        }
    }

    public Map<String, Object> view(String tenantId) {
        var v = new LinkedHashMap<String, Object>();
        v.put("tenant", tenantId);
        v.put("from", window.from());
        v.put("to", window.to());
        v.put("timeZone", window.zone().getId());
        v.put("groupBy", groupBy.wire());
        var groups = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < periods.size(); i++) {
            var p = periods.get(i);
            var g = new LinkedHashMap<String, Object>();
            g.put("period", p.name());
            g.put("from", p.from());
            g.put("to", p.to());
            g.putAll(tallies.get(i).view());
            groups.add(g);
        }
        v.put("groups", groups);
        v.put("total", total.view());
        return v;
    }

    /** The rows of the CSV form: one per period, then {@code total}, each flattened the same way. */
    public List<Map<String, Object>> rows() {
        var rows = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < periods.size(); i++) {
            var p = periods.get(i);
            var g = new LinkedHashMap<String, Object>();
            g.put("period", p.name());
            g.put("from", p.from());
            g.put("to", p.to());
            g.putAll(tallies.get(i).view());
            rows.add(g);
        }
        var t = new LinkedHashMap<String, Object>();
        t.put("period", "total");
        t.put("from", window.from());
        t.put("to", window.to());
        t.putAll(total.view());
        rows.add(t);
        return rows;
    }
}
