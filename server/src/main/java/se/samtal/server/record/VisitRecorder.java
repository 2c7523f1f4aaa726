package se.samtal.server.record;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.recording.session.RecordingView;
import se.samtal.signalling.live.SessionObserver;
import se.samtal.signalling.visit.Booking;
import se.samtal.signalling.visit.Principal;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Writes down what happens in sessions, as {@link VisitEvent}s in each session's {@link VisitLog}:
 * arrivals (with the person's ref and name), every change of presence, stage and media, who let
 * whom in after how long, departures, the recording's state, the end. Observers must return at
 * once: events go through one {@link LogWriter}, in the order they happened on this node.
 *
 * <p>When a session ends, once its end is written, {@code ended} is handed the session's final
 * record (on {@code blocking}): the {@code session.ended} webhook carries it, metrics count it.
 */
public final class VisitRecorder implements SessionObserver, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VisitRecorder.class);

    /** What is done with the record of a session that ended. */
    public interface Ended {
        /**
         * @param record the session's record, or null if it could not be read (then the reason alone)
         */
        void ended(Booking booking, String reason, VisitRecord record);
    }

    private final LogWriter<VisitLog.Entry> writer;
    private final VisitLog visitLog;
    private final RecordReader reader;
    private final Ended ended;
    private final Executor blocking;
    private final Clock clock;

    /** Reads a session's record (for {@link Ended}). */
    @FunctionalInterface
    public interface RecordReader {
        VisitRecord read(Booking booking);
    }

    public VisitRecorder(VisitLog visitLog, RecordReader reader, Ended ended, Executor blocking, Clock clock,
                         Consumer<Integer> dropped) {
        this(visitLog, reader, ended, blocking, clock, java.time.Duration.ZERO, dropped);
    }

    /**
     * @param linger how long the log's writer lets a batch gather ({@link LogWriter#LINGER}); only
     *               where one node writes the log (embedded): across nodes, events of one moment
     *               keep the order in which their nodes wrote them
     */
    public VisitRecorder(VisitLog visitLog, RecordReader reader, Ended ended, Executor blocking, Clock clock,
                         java.time.Duration linger, Consumer<Integer> dropped) {
        this.visitLog = visitLog;
        this.reader = reader;
        this.ended = ended;
        this.blocking = blocking;
        this.clock = clock;
        this.writer = new LogWriter<>("visit-log", 100_000, linger, visitLog::append, dropped::accept);
    }

    private void write(Booking booking, VisitEvent event) {
        writer.write(new VisitLog.Entry(booking.tenantId(), booking.id(), booking.scheduledStart(), event));
    }

    /** Waits (a second at most) until what this node handed the log so far is written: before reading it. */
    public void awaitWritten() {
        writer.awaitWritten(java.time.Duration.ofSeconds(1));
    }

    /** A message in the session's chat (no text: who wrote it, by role, and when). */
    public void chatMessage(String tenantId, String sessionId, se.samtal.protocol.Role role, java.time.Instant at) {
        writer.write(new VisitLog.Entry(tenantId, sessionId, null, new VisitEvent.ChatMessage(at, role)));
    }

    @Override
    public void participantJoined(Booking booking, Principal principal, String participantId) {
        write(booking, new VisitEvent.Arrived(clock.instant(), participantId, principal.role(), principal.ref(), principal.name()));
    }

    @Override
    public void participantChanged(Booking booking, ParticipantState now) {
        write(booking, new VisitEvent.Changed(clock.instant(), now.participantId(), now.role(), now.presence(), now.stage(),
                now.media()));
    }

    @Override
    public void participantAdmitted(Booking booking, String participantId, Duration waited, String admittedBy) {
        write(booking, new VisitEvent.Admitted(clock.instant(), participantId, waited.toMillis(), admittedBy));
    }

    @Override
    public void participantLeft(Booking booking, Principal principal, String participantId, String reason) {
        write(booking, new VisitEvent.Left(clock.instant(), participantId, reason));
    }

    @Override
    public void recordingChanged(Booking booking, RecordingView view) {
        write(booking, new VisitEvent.Recording(clock.instant(), lower(view.phase()), lower(view.recorder()),
                view.reason() == null ? null : lower(view.reason())));
    }

    @Override
    public void sessionEnded(Booking booking, String reason) {
        write(booking, new VisitEvent.Ended(clock.instant(), reason));
        writer.then(() -> blocking.execute(() -> {
            VisitRecord record = null;
            try {
                record = reader.read(booking);
            } catch (RuntimeException e) {
                log.atWarn().setMessage("Could not read a visit record for the session's end").addKeyValue("tenant", booking.tenantId())
                        .addKeyValue("session", booking.id()).setCause(e).log();
            }
            ended.ended(booking, reason, record);
        }));
    }

    public VisitLog log() {
        return visitLog;
    }

    private static String lower(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        writer.close();
    }
}
