package se.samtal.server.presence;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.SessionStatus;
import se.samtal.protocol.WireCodec;
import se.samtal.server.auth.JoinGrant;
import se.samtal.server.auth.ReplayCache;
import se.samtal.server.auth.TokenMinter;
import se.samtal.server.booking.Booking;
import se.samtal.server.booking.BookingStore;
import se.samtal.server.config.PresenceConfig;
import se.samtal.server.recording.RecordingSetup;
import se.samtal.recording.recorder.Recorder;
import se.samtal.server.tenant.Tenant;
import se.samtal.server.tenant.Tenants;
import se.samtal.signalling.ice.TurnCredentials;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The sessions that have people in them on this node, and the way in: {@link #join} checks the
 * booking and the tenant's rules, spends a single-use token, and puts the person in the session.
 */
public final class LiveSessions {
    private static final Logger log = LoggerFactory.getLogger(LiveSessions.class);

    /** The {@code session.ended} reason when a session passes its hard stop. */
    public static final String SCHEDULED_END = "scheduled_end";

    private final ConcurrentHashMap<String, LiveSession> sessions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, TurnCredentials> turnByTenant = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, RecordingSetup> recordingByTenant = new ConcurrentHashMap<>();
    private final BookingStore bookings;
    private final ReplayCache replayCache;
    private final Tenants tenants;
    private final TokenMinter minter;
    private final WireCodec codec;
    private final ScheduledExecutorService timers;
    private final PresenceConfig config;
    private final int heartbeatSeconds;
    private final SessionObserver observer;
    private final Executor blocking;
    private final Clock clock;
    private final java.time.Duration clockSkew;
    private final Recorder recorder;

    /** @param recorder what records sessions whose tenant allows it, once everyone said yes */
    public LiveSessions(BookingStore bookings, ReplayCache replayCache, Tenants tenants, TokenMinter minter, WireCodec codec,
                        ScheduledExecutorService timers, PresenceConfig config, int heartbeatSeconds,
                        java.time.Duration clockSkew, SessionObserver observer, Executor blocking, Clock clock,
                        Recorder recorder) {
        this.bookings = bookings;
        this.replayCache = replayCache;
        this.tenants = tenants;
        this.minter = minter;
        this.codec = codec;
        this.timers = timers;
        this.config = config;
        this.heartbeatSeconds = heartbeatSeconds;
        this.clockSkew = clockSkew;
        this.observer = observer;
        this.blocking = blocking;
        this.clock = clock;
        this.recorder = recorder;
    }

    /** The result of a join: the session the link is now in and the participant's id there. */
    public record Joined(LiveSession session, String participantId) {
    }

    /**
     * Lets a verified token holder into their session on {@code link}, queuing the welcome.
     * Blocks on the booking store: call it off the event loop.
     *
     * @param binder called with the session and participant id before the welcome is queued
     */
    public Joined join(JoinGrant grant, ClientLink link, String requestId, Long lastSeq, LiveSession.Binder binder) {
        var principal = grant.principal();
        Tenant tenant = tenants.byId(principal.tenantId()).orElseThrow(() -> new SamtalException(ErrorCode.TOKEN_UNKNOWN_ISSUER));
        Booking booking = joinableBooking(tenant, grant);
        if (grant.singleUse() && !replayCache.firstUse(tenant.id(), grant.jti(), grant.expiresAt().plus(clockSkew))) {
            throw new SamtalException(ErrorCode.TOKEN_REPLAYED);
        }
        while (true) {
            Booking current = booking;
            LiveSession session = sessions.computeIfAbsent(key(tenant.id(), booking.id()), k -> newSession(tenant, current));
            try {
                String participantId = session.join(principal, link, requestId, grant.resume(), lastSeq, binder);
                return new Joined(session, participantId);
            } catch (LiveSession.Retired retired) {
                // Everyone left, or the session ended, between look-up and join: look at the booking again.
                sessions.remove(key(tenant.id(), booking.id()), session);
                booking = joinableBooking(tenant, grant);
            }
        }
    }

    private Booking joinableBooking(Tenant tenant, JoinGrant grant) {
        Booking booking = bookings.find(tenant.id(), grant.sessionId())
                .orElseThrow(() -> new SamtalException(ErrorCode.SESSION_NOT_FOUND));
        checkJoinable(tenant, booking, grant.isResume());
        return booking;
    }

    private void checkJoinable(Tenant tenant, Booking booking, boolean resuming) {
        switch (booking.status()) {
            case CANCELLED -> throw new SamtalException(ErrorCode.SESSION_CANCELLED);
            case ENDED -> throw new SamtalException(ErrorCode.SESSION_ENDED);
            default -> {
            }
        }
        Instant now = clock.instant();
        var policy = tenant.policy();
        if (now.isBefore(booking.scheduledStart().minus(policy.joinEarly()))) {
            throw new SamtalException(ErrorCode.SESSION_NOT_OPEN_YET,
                    "The session opens " + policy.joinEarly().toMinutes() + " minutes before its scheduled start.");
        }
        if (!resuming && now.isAfter(booking.scheduledEnd().plus(policy.joinLate()))) {
            throw new SamtalException(ErrorCode.SESSION_ENDED, "The session's scheduled time has passed.");
        }
    }

    private LiveSession newSession(Tenant tenant, Booking booking) {
        var turn = turnByTenant.computeIfAbsent(tenant.id(), id -> new TurnCredentials(tenant.ice(), clock));
        var context = new LiveSessionContext(codec, minter, timers, clock, config.reconnectGrace(), config.replayEvents(),
                heartbeatSeconds, tenant.policy().roomPolicy(), turn, observer, this::recordStatus, this::hardStop,
                this::retired, recordingByTenant.computeIfAbsent(tenant.id(), id -> RecordingSetup.of(tenant.recording(), recorder)));
        return new LiveSession(booking, context);
    }

    /** Persists that a session opened or got under way (off the lock and off the event loop). */
    private void recordStatus(Booking booking) {
        var from = booking.status() == SessionStatus.OPEN ? Set.of(SessionStatus.SCHEDULED)
                : Set.of(SessionStatus.SCHEDULED, SessionStatus.OPEN);
        blocking.execute(() -> {
            try {
                bookings.transition(booking.tenantId(), booking.id(), from, booking.status(), clock.instant(), null);
            } catch (RuntimeException e) {
                log.atWarn().setMessage("Could not record a session's status").addKeyValue("tenant", booking.tenantId())
                        .addKeyValue("session", booking.id()).addKeyValue("status", booking.status().wire()).setCause(e).log();
            }
        });
    }

    /** The session passed its hard stop: end it in the store, then for everyone connected. */
    private void hardStop(LiveSession session) {
        blocking.execute(() -> {
            try {
                bookings.transition(session.tenantId(), session.sessionId(),
                                Set.of(SessionStatus.SCHEDULED, SessionStatus.OPEN, SessionStatus.IN_PROGRESS),
                                SessionStatus.ENDED, clock.instant(), SCHEDULED_END)
                        .ifPresent(ended -> ended(ended, SCHEDULED_END));
                log.atInfo().setMessage("Session reached its hard stop").addKeyValue("tenant", session.tenantId())
                        .addKeyValue("session", session.sessionId()).log();
            } catch (RuntimeException e) {
                log.atWarn().setMessage("Could not end a session at its hard stop").addKeyValue("tenant", session.tenantId())
                        .addKeyValue("session", session.sessionId()).setCause(e).log();
            }
        });
    }

    private void retired(LiveSession session) {
        sessions.remove(key(session.tenantId(), session.sessionId()), session);
    }

    /**
     * Ends a session that the store has already marked ended or cancelled: everyone connected is
     * told and disconnected, and observers hear of it whether or not anyone was connected.
     */
    public void ended(Booking ended, String reason) {
        LiveSession session = sessions.get(key(ended.tenantId(), ended.id()));
        if (session != null) {
            session.end(ended, reason);
        }
        observer.sessionEnded(ended, reason);
    }

    public Optional<LiveSession> find(String tenantId, String sessionId) {
        return Optional.ofNullable(sessions.get(key(tenantId, sessionId)));
    }

    /** Sessions with at least one person connected or reconnecting, on this node. */
    public int activeCount() {
        return sessions.size();
    }

    /** {@link #activeCount()} per tenant, for metrics. */
    public java.util.Map<String, Integer> activeByTenant() {
        var counts = new java.util.TreeMap<String, Integer>();
        for (LiveSession session : sessions.values()) {
            counts.merge(session.tenantId(), 1, Integer::sum);
        }
        return counts;
    }

    private static String key(String tenantId, String sessionId) {
        return tenantId + '\u0000' + sessionId;
    }
}
