package se.samtal.chat.expectation;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * When a care team reads and answers messages: intervals per weekday in a time zone, and dates
 * when nobody works (public holidays). Written the same way in configuration, in the platform
 * API and on the wire:
 *
 * <pre>{"zone": "Europe/Stockholm", "weekly": {"mon": ["08:00-12:00", "13:00-16:30"], "fri": ["08:00-15:00"]},
 *  "closedDates": ["2026-12-24"]}</pre>
 *
 * Days left out are not staffed. An interval ends before it starts on the next day; {@code 24:00}
 * means midnight at the end of the day.
 */
public record StaffedHours(String zone, Map<String, List<String>> weekly, List<String> closedDates) {
    public static final int MAX_INTERVALS_PER_DAY = 4;
    public static final int MAX_CLOSED_DATES = 400;
    /** How far ahead {@link #nextStart} looks. */
    static final int LOOKAHEAD_DAYS = 14;
    private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

    public StaffedHours {
        if (zone == null) {
            throw new IllegalArgumentException("'zone' is required, e.g. Europe/Stockholm");
        }
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'zone' is not a known time zone, e.g. Europe/Stockholm");
        }
        var days = new TreeMap<String, List<String>>((a, b) -> DAYS.indexOf(a) - DAYS.indexOf(b));
        if (weekly != null) {
            for (var entry : weekly.entrySet()) {
                String day = entry.getKey() == null ? "" : entry.getKey().toLowerCase(Locale.ROOT);
                if (!DAYS.contains(day)) {
                    throw new IllegalArgumentException("'weekly' keys must be mon, tue, wed, thu, fri, sat or sun");
                }
                List<String> intervals = entry.getValue() == null ? List.of() : List.copyOf(entry.getValue());
                checkIntervals(day, intervals);
                if (!intervals.isEmpty()) {
                    days.put(day, intervals);
                }
            }
        }
        weekly = java.util.Collections.unmodifiableMap(days);
        closedDates = closedDates == null ? List.of() : List.copyOf(closedDates);
        if (closedDates.size() > MAX_CLOSED_DATES) {
            throw new IllegalArgumentException("at most " + MAX_CLOSED_DATES + " 'closedDates'");
        }
        for (String date : closedDates) {
            parseDate(date);
        }
    }

    private record Interval(LocalTime start, LocalTime end) {
        /** Whether {@code time} is inside; an end of {@link LocalTime#MAX} means the end of the day. */
        boolean contains(LocalTime time) {
            return !time.isBefore(start) && (time.isBefore(end) || end.equals(LocalTime.MAX));
        }
    }

    private static void checkIntervals(String day, List<String> intervals) {
        if (intervals.size() > MAX_INTERVALS_PER_DAY) {
            throw new IllegalArgumentException("at most " + MAX_INTERVALS_PER_DAY + " intervals on '" + day + "'");
        }
        LocalTime previousEnd = null;
        for (String text : intervals) {
            Interval interval = parseInterval(day, text);
            if (previousEnd != null && interval.start().isBefore(previousEnd)) {
                throw new IllegalArgumentException("the intervals on '" + day + "' must be in order and not overlap");
            }
            previousEnd = interval.end();
        }
    }

    private static Interval parseInterval(String day, String text) {
        String problem = "'" + day + "' intervals look like \"08:00-16:30\" (end after start)";
        if (text == null) {
            throw new IllegalArgumentException(problem);
        }
        String[] parts = text.split("-");
        if (parts.length != 2) {
            throw new IllegalArgumentException(problem);
        }
        try {
            LocalTime start = LocalTime.parse(parts[0].strip());
            String endText = parts[1].strip();
            LocalTime end = endText.equals("24:00") ? LocalTime.MAX : LocalTime.parse(endText);
            if (!end.isAfter(start)) {
                throw new IllegalArgumentException(problem);
            }
            return new Interval(start, end);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(problem);
        }
    }

    private static LocalDate parseDate(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("'closedDates' are dates such as 2026-12-24");
        }
    }

    private List<Interval> intervalsOn(LocalDate date) {
        if (closedDates.contains(date.toString())) {
            return List.of();
        }
        String day = DAYS.get(date.getDayOfWeek().getValue() - 1);
        var list = new ArrayList<Interval>();
        for (String text : weekly.getOrDefault(day, List.of())) {
            list.add(parseInterval(day, text));
        }
        return list;
    }

    /** Whether the team is working at {@code at}. */
    public boolean isStaffed(Instant at) {
        ZonedDateTime local = at.atZone(ZoneId.of(zone));
        return intervalsOn(local.toLocalDate()).stream().anyMatch(i -> i.contains(local.toLocalTime()));
    }

    /** The next moment after {@code at} when staffing begins, looking two weeks ahead. */
    public Optional<Instant> nextStart(Instant at) {
        ZoneId zoneId = ZoneId.of(zone);
        ZonedDateTime local = at.atZone(zoneId);
        for (int d = 0; d <= LOOKAHEAD_DAYS; d++) {
            LocalDate date = local.toLocalDate().plusDays(d);
            for (Interval interval : intervalsOn(date)) {
                ZonedDateTime start = date.atTime(interval.start()).atZone(zoneId);
                if (start.toInstant().isAfter(at)) {
                    return Optional.of(start.toInstant());
                }
            }
        }
        return Optional.empty();
    }

    /** Staffed Monday to Friday in Stockholm, between {@code open} and {@code close}. */
    public static StaffedHours weekdays(String open, String close) {
        var weekly = new TreeMap<String, List<String>>();
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.getValue() <= 5) {
                weekly.put(DAYS.get(day.getValue() - 1), List.of(open + "-" + close));
            }
        }
        return new StaffedHours("Europe/Stockholm", weekly, List.of());
    }
}
