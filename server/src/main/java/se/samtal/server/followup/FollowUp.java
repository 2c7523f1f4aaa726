package se.samtal.server.followup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.chat.CareConversations;
import se.samtal.chat.ChatObserver;
import se.samtal.chat.conversation.Conversation;
import se.samtal.chat.expectation.ChatPolicies;
import se.samtal.chat.expectation.ChatPolicy;
import se.samtal.server.booking.BookingStore;
import se.samtal.server.metrics.SamtalMetrics;
import se.samtal.server.record.LogWriter;
import se.samtal.server.record.RecordBook;
import se.samtal.server.record.RecordRetention;
import se.samtal.server.record.RecordView;
import se.samtal.server.record.RecordsSchema;
import se.samtal.server.record.SqliteVisitLog;
import se.samtal.server.record.VisitLog;
import se.samtal.server.record.VisitRecord;
import se.samtal.server.record.VisitRecorder;
import se.samtal.server.report.ChatActivityLog;
import se.samtal.server.report.ChatActivityRecorder;
import se.samtal.server.report.Reports;
import se.samtal.server.report.SqliteChatActivityLog;
import se.samtal.server.tenant.Tenant;
import se.samtal.server.tenant.Tenants;
import se.samtal.server.webhook.WebhookDispatcher;
import se.samtal.signalling.live.SessionObserver;
import se.samtal.signalling.visit.Booking;
import se.samtal.sqlite.SqliteDatabase;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;

/**
 * Follow-up, put together: the visit logs and care conversations' activity (embedded in
 * {@code <dataDir>/records.db}, or in Redis in cluster mode), what writes them (observers of
 * sessions and of chat), the records and reports read from them, the {@code session.ended}
 * webhook with the session's record, the visit metrics, and retention.
 */
public final class FollowUp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FollowUp.class);
    /** The first retention run comes this long after start, then every {@code chat.purgeInterval}. */
    private static final Duration FIRST_PURGE = Duration.ofMinutes(1);
    private static final int CHAT_ROUND = 1000;

    private final SqliteDatabase db;
    private final VisitLog visits;
    private final ChatActivityLog chatActivity;
    private final Tenants tenants;
    private final Clock clock;
    private final RecordBook book;
    private final Reports reports;
    private final VisitRecorder visitRecorder;
    private final ChatActivityRecorder chatRecorder;
    private volatile BiPredicate<String, String> onHold = (tenant, session) -> false;

    /** What follow-up needs from the rest of the server. */
    public record Needs(Tenants tenants, BookingStore bookings, WebhookDispatcher webhooks, SamtalMetrics metrics,
                        Executor blocking, Clock clock) {
    }

    /** Follow-up in the embedded database {@code <dataDir>/records.db}. */
    public static FollowUp embedded(Path dataDir, Needs needs) {
        var db = SqliteDatabase.open(dataDir.resolve("records.db"), RecordsSchema.MIGRATIONS, 2);
        db.observeCommits((batch, nanos) -> needs.metrics().storeCommit("records", batch, nanos));
        return new FollowUp(db, new SqliteVisitLog(db), new SqliteChatActivityLog(db), needs);
    }

    /** Follow-up on the cluster's Redis. */
    public static FollowUp onRedis(VisitLog visits, ChatActivityLog chatActivity, Needs needs) {
        return new FollowUp(null, visits, chatActivity, needs);
    }

    private FollowUp(SqliteDatabase db, VisitLog visits, ChatActivityLog chatActivity, Needs needs) {
        this.db = db;
        this.visits = visits;
        this.chatActivity = chatActivity;
        this.tenants = needs.tenants();
        this.clock = needs.clock();
        // Readers wait for what the recorders were handed before them (the recorders exist by the time anyone reads).
        this.book = new RecordBook(WrittenFirst.visits(visits, this::visitsWritten), clock);
        this.reports = new Reports(needs.bookings(), book,
                WrittenFirst.chatActivity(chatActivity, this::chatActivityWritten));
        var metrics = needs.metrics();
        this.visitRecorder = new VisitRecorder(visits,
                booking -> tenants.byId(booking.tenantId()).flatMap(t -> book.find(t, booking)).orElse(null),
                (booking, reason, record) -> ended(needs, booking, reason, record), needs.blocking(), clock,
                db != null ? LogWriter.LINGER : Duration.ZERO, n -> metrics.followUpDropped("visit", n));
        var policies = new LinkedHashMap<String, ChatPolicy>();
        tenants.all().forEach(t -> policies.put(t.id(), t.chat().policy()));
        this.chatRecorder = new ChatActivityRecorder(chatActivity, new ChatPolicies(policies), visitRecorder, clock,
                n -> metrics.followUpDropped("chat", n));
    }

    private void visitsWritten() {
        visitRecorder.awaitWritten();
    }

    private void chatActivityWritten() {
        chatRecorder.awaitWritten();
    }

    /** The session's end: the {@code session.ended} webhook with its record (without names), and the visit metrics. */
    private void ended(Needs needs, Booking booking, String reason, VisitRecord record) {
        var data = new LinkedHashMap<String, Object>();
        data.put("sessionId", booking.id());
        if (booking.externalRef() != null) {
            data.put("externalRef", booking.externalRef());
        }
        data.put("reason", reason);
        if (record != null) {
            data.put("record", RecordView.of(record, false));
            needs.metrics().visitEnded(booking.tenantId(), record.outcome(), record.contactType(), record.patientWaitedSeconds(),
                    record.durationSeconds());
        }
        tenants.byId(booking.tenantId()).ifPresent(tenant -> needs.webhooks().publish(tenant, "session.ended", data));
    }

    /** What sessions tell follow-up. */
    public SessionObserver sessionObserver() {
        return visitRecorder;
    }

    /** What chat tells follow-up. */
    public ChatObserver chatObserver() {
        return chatRecorder;
    }

    public RecordBook records() {
        return book;
    }

    public Reports reports() {
        return reports;
    }

    /** A session whose chat is on legal hold keeps its visit record too. */
    public void holdsFrom(CareConversations conversations) {
        onHold = (tenant, session) -> conversations.findBySession(tenant, session).map(Conversation::isOnHold).orElse(false);
    }

    /** Runs retention on {@code blocking} a minute after start, then every {@code interval}. */
    public void scheduleRetention(ScheduledExecutorService timers, Executor blocking, Duration interval) {
        timers.scheduleWithFixedDelay(() -> blocking.execute(this::purgeQuietly), FIRST_PURGE.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void purgeQuietly() {
        try {
            purge();
        } catch (RuntimeException e) {
            log.atError().setMessage("Follow-up retention failed; it runs again at the next interval").setCause(e).log();
        }
    }

    /**
     * One retention run: visit logs whose newest event is older than the tenant's retention of a
     * session's data (unless its chat is on legal hold), and care conversations' activity older
     * than the tenant's chat retention.
     */
    public void purge() {
        new RecordRetention(visits, tenants.all(), onHold, clock).runOnce();
        Instant now = clock.instant();
        for (Tenant tenant : tenants.all()) {
            Instant cutoff = now.minus(RecordBook.retention(tenant));
            int purged;
            do {
                purged = chatActivity.purge(tenant.id(), cutoff, CHAT_ROUND);
            } while (purged == CHAT_ROUND);
        }
    }

    public boolean isHealthy() {
        return visits.isHealthy();
    }

    @Override
    public void close() {
        visitRecorder.close();
        chatRecorder.close();
        if (db != null) {
            db.close();
        }
    }
}
