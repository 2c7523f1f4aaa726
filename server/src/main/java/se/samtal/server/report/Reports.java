package se.samtal.server.report;

import se.samtal.chat.conversation.ClosingCode;
import se.samtal.server.booking.BookingStore;
import se.samtal.server.record.RecordBook;
import se.samtal.server.record.VisitEvent;
import se.samtal.server.tenant.Tenant;
import se.samtal.signalling.visit.Booking;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * Makes a tenant's reports: the visits of the sessions scheduled in a window (from the bookings
 * and the visit records kept), and its care conversations' activity. Reads in slices of
 * {@link #SLICE} so a year's report never holds more than a week of sessions at once. Blocks:
 * call it off the event loop.
 */
public final class Reports {
    static final Duration SLICE = Duration.ofDays(7);
    private static final int PAGE = 500;

    private final BookingStore bookings;
    private final RecordBook records;
    private final ChatActivityLog chat;

    public Reports(BookingStore bookings, RecordBook records, ChatActivityLog chat) {
        this.bookings = bookings;
        this.records = records;
        this.chat = chat;
    }

    /** The care provider's zone: that of its staffed hours, else Stockholm's. */
    public static ZoneId zone(Tenant tenant) {
        return tenant.chat().policy().zone();
    }

    public VisitReport visits(Tenant tenant, ReportWindow window, ReportWindow.GroupBy groupBy) {
        var report = new VisitReport(window, groupBy);
        Instant now = records.now();
        for (Instant from = window.from(); from.isBefore(window.to()); from = from.plus(SLICE)) {
            Instant to = from.plus(SLICE).isAfter(window.to()) ? window.to() : from.plus(SLICE);
            var logs = records.logs(tenant, from, to);
            BookingStore.Cursor after = null;
            List<Booking> page;
            do {
                page = bookings.list(tenant.id(), from, to, PAGE, after);
                for (Booking booking : page) {
                    List<VisitEvent> events = logs.getOrDefault(booking.id(), List.of());
                    records.record(tenant, booking, events, now).ifPresent(report::add);
                }
                if (!page.isEmpty()) {
                    Booking last = page.getLast();
                    after = new BookingStore.Cursor(last.scheduledStart(), last.id());
                }
            } while (page.size() == PAGE);
        }
        return report;
    }

    public ConversationReport conversations(Tenant tenant, ReportWindow window) {
        Instant now = records.now();
        var report = new ConversationReport(window, now,
                tenant.chat().policy().closingCodes().stream().map(ClosingCode::code).toList());
        Instant until = now.isAfter(window.to()) ? now : window.to();
        return report.add(chat.between(tenant.id(), report.readFrom(), until.plusMillis(1)));
    }
}
