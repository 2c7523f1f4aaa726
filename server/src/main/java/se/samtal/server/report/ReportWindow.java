package se.samtal.server.report;

import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The time window of a report, {@code [from, to)}, in the care provider's time zone, and its
 * periods. {@code from} and {@code to} are ISO-8601 instants, or dates (the start of that day in
 * the provider's zone); at most {@link #MAX_DAYS} days apart.
 */
public record ReportWindow(Instant from, Instant to, ZoneId zone) {
    public static final int MAX_DAYS = 366;

    /** How a report's figures are grouped: by calendar day, ISO week (Monday to Sunday) or month, in the provider's zone. */
    public enum GroupBy {
        DAY, WEEK, MONTH;

        public static GroupBy parse(String text) {
            if (text == null) {
                return MONTH;
            }
            for (GroupBy g : values()) {
                if (g.name().toLowerCase(Locale.ROOT).equals(text)) {
                    return g;
                }
            }
            throw new SamtalException(ErrorCode.BAD_REQUEST, "'groupBy' must be day, week or month.");
        }

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One period of a window: its name ({@code 2026-11-23}, {@code 2026-W48}, {@code 2026-11}) and its part of the window. */
    public record Period(String name, Instant from, Instant to) {
    }

    public static ReportWindow parse(String from, String to, ZoneId zone) {
        if (from == null || to == null) {
            throw new SamtalException(ErrorCode.BAD_REQUEST,
                    "'from' and 'to' are required: ISO-8601 instants (2026-11-01T00:00:00Z) or dates (2026-11-01).");
        }
        Instant start = time(from, "from", zone);
        Instant end = time(to, "to", zone);
        if (!end.isAfter(start) || Duration.between(start, end).compareTo(Duration.ofDays(MAX_DAYS)) > 0) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "'to' must be after 'from', at most " + MAX_DAYS + " days later.");
        }
        return new ReportWindow(start, end, zone);
    }

    private static Instant time(String text, String name, ZoneId zone) {
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(zone).toInstant();
            }
            return Instant.parse(text);
        } catch (DateTimeException e) {
            throw new SamtalException(ErrorCode.BAD_REQUEST,
                    "'" + name + "' must be an ISO-8601 instant (2026-11-01T00:00:00Z) or a date (2026-11-01).");
        }
    }

    public boolean contains(Instant at) {
        return !at.isBefore(from) && at.isBefore(to);
    }

    /** The window's periods, in order, each clipped to the window. */
    public List<Period> periods(GroupBy groupBy) {
        var periods = new ArrayList<Period>();
        ZonedDateTime start = start(from.atZone(zone), groupBy);
        while (start.toInstant().isBefore(to)) {
            ZonedDateTime next = switch (groupBy) {
                case DAY -> start.plusDays(1);
                case WEEK -> start.plusWeeks(1);
                case MONTH -> start.plusMonths(1);
            };
            Instant a = start.toInstant().isBefore(from) ? from : start.toInstant();
            Instant b = next.toInstant().isAfter(to) ? to : next.toInstant();
            periods.add(new Period(name(start, groupBy), a, b));
            start = next;
        }
        return periods;
    }

    private static ZonedDateTime start(ZonedDateTime at, GroupBy groupBy) {
        ZonedDateTime day = at.truncatedTo(ChronoUnit.DAYS);
        return switch (groupBy) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
        };
    }

    private static String name(ZonedDateTime start, GroupBy groupBy) {
        return switch (groupBy) {
            case DAY -> DateTimeFormatter.ISO_LOCAL_DATE.format(start);
            case WEEK -> String.format(Locale.ROOT, "%d-W%02d", start.get(IsoFields.WEEK_BASED_YEAR),
                    start.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTH -> DateTimeFormatter.ofPattern("yyyy-MM").format(start);
        };
    }
}
