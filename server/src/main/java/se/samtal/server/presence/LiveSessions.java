package se.samtal.server.presence;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.IceServer;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.SessionStatus;
import se.samtal.server.auth.JoinGrant;
import se.samtal.server.auth.ReplayCache;
import se.samtal.server.booking.Booking;
import se.samtal.server.booking.BookingStore;
import se.samtal.server.id.OpaqueIds;
import se.samtal.server.recording.RecordingSetup;
import se.samtal.recording.recorder.Recorder;
import se.samtal.recording.recorder.RecorderReport;
import se.samtal.server.tenant.Tenant;
import se.samtal.server.tenant.Tenants;
import se.samtal.protocol.WireCodec;
import se.samtal.server.auth.TokenMinter;
import se.samtal.signalling.ice.TurnCredentials;
import se.samtal.signalling.room.Room;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The live sessions, and the way in: {@link #join} checks the booking and the tenant's rules,
 * spends a single-use token, and puts the person in the session. Every change of a session is
 * one of {@link SessionSteps}, made in the node's {@link SessionSpace} (memory, or Redis).
 */
public final class LiveSessions {
    private static final Logger log = LoggerFactory.getLogger(LiveSessions.class);

    /** The {@code session.ended} reason when a session passes its hard stop. */
    public static final String SCHEDULED_END = "scheduled_end";
    /** How often a lost connection is tried to be recorded (a second apart) before giving up. */
    private static final int LINK_LOSS_ATTEMPTS = 300;

    private final String node;
    private final SessionSpace space;
    private final SessionSteps steps;
    private final LiveSessionContext context;
    private final BookingStore bookings;
    private final ReplayCache replayCache;
    private final Tenants tenants;
    private final Executor blocking;
    private final Clock clock;
    private final Duration clockSkew;

    /**
     * @param node             this node's id (what links of its connections name)
     * @param heartbeatSeconds what clients are told about pings
     * @param recorder         what records sessions whose tenant allows it, once everyone said yes
     */
    public LiveSessions(String node, SessionSpace space, WireCodec codec, TokenMinter minter, Duration reconnectGrace,
                        int heartbeatSeconds, SessionObserver observer, Tenants tenants, BookingStore bookings,
                        ReplayCache replayCache, Executor blocking, Clock clock, Duration clockSkew, Recorder recorder) {
        this.node = node;
        this.space = space;
        this.bookings = bookings;
        this.replayCache = replayCache;
        this.tenants = tenants;
        this.blocking = blocking;
        this.clock = clock;
        this.clockSkew = clockSkew;
        var turnByTenant = new ConcurrentHashMap<String, TurnCredentials>();
        var recordingByTenant = new ConcurrentHashMap<String, RecordingSetup>();
        this.context = new LiveSessionContext(codec, minter, clock, reconnectGrace, heartbeatSeconds, observer,
                this::recordStatus, this::hardStop, tenantId -> tenant(tenantId).policy().roomPolicy(),
                tenantId -> turnByTenant.computeIfAbsent(tenantId, id -> new TurnCredentials(tenant(id).ice(), clock)),
                tenantId -> recordingByTenant.computeIfAbsent(tenantId, id -> RecordingSetup.of(tenant(id).recording(), recorder)),
                this::recorderReported);
        this.steps = new SessionSteps(context);
        space.start(context, this::timerRang);
    }

    private Tenant tenant(String tenantId) {
        return tenants.byId(tenantId).orElseThrow(() -> new IllegalStateException("a live session of an unknown tenant"));
    }

    /** The result of a join: the session the link is now in and the participant's id there. */
    public record Joined(LiveSession session, String participantId) {
    }

    /** Connects a joining link to the session before its welcome is sent. */
    @FunctionalInterface
    public interface Binder {
        void bind(LiveSession session, String participantId);
    }

    /**
     * Lets a verified token holder into their session on {@code link}, queuing the welcome.
     * Blocks on the stores: call it off the event loop.
     *
     * @param binder called with the session and participant id before the welcome is queued
     */
    public Joined join(JoinGrant grant, ClientLink link, String requestId, Long lastSeq, Binder binder) {
        var principal = grant.principal();
        Tenant tenant = tenants.byId(principal.tenantId()).orElseThrow(() -> new SamtalException(ErrorCode.TOKEN_UNKNOWN_ISSUER));
        Booking booking = bookings.find(tenant.id(), grant.sessionId())
                .orElseThrow(() -> new SamtalException(ErrorCode.SESSION_NOT_FOUND));
        checkJoinable(tenant, booking, grant.isResume());
        if (grant.singleUse() && !replayCache.firstUse(tenant.id(), grant.jti(), grant.expiresAt().plus(clockSkew))) {
            throw new SamtalException(ErrorCode.TOKEN_REPLAYED);
        }
        var key = new SessionKey(tenant.id(), booking.id());
        var linkRef = new LinkRef(node, link.connectionId());
        LiveSession[] handle = new LiveSession[1];
        var joined = space.change(key, () -> SessionState.fresh(booking, OpaqueIds.next("st_"), context), state -> {
            handle[0] = new LiveSession(this, key, state.streamId(), booking);
            return steps.join(state, principal, linkRef, link, requestId, grant.resume(), lastSeq,
                    participantId -> binder.bind(handle[0], participantId));
        });
        return new Joined(handle[0], joined.participantId());
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

    void act(SessionKey key, ClientLink link, String participantId, Consumer<Room> action) {
        var linkRef = new LinkRef(node, link.connectionId());
        space.change(key, null, state -> {
            steps.act(state, linkRef, participantId, action);
            return null;
        });
    }

    /** A read, not a change: refuses unless the link holds the participant's place and they were let in. */
    void checkAdmitted(SessionKey key, ClientLink link, String participantId) {
        var linkRef = new LinkRef(node, link.connectionId());
        boolean live = space.read(key, state -> {
            SessionSteps.current(state, linkRef, participantId);
            state.room().checkAdmitted(participantId);
            return true;
        }).orElse(false);
        if (!live) {
            throw new SamtalException(ErrorCode.CONFLICT, "This connection no longer holds your place in the session.");
        }
    }

    void recording(SessionKey key, ClientLink link, String participantId, Consumer<SessionRecording> action) {
        var linkRef = new LinkRef(node, link.connectionId());
        space.change(key, null, state -> {
            steps.recording(state, linkRef, participantId, action);
            return null;
        });
    }

    /**
     * The recorder reported on a recording (on any thread, possibly inside the call that told it):
     * a change of its own, made on {@code blocking}, never inside the step that caused it.
     */
    private void recorderReported(SessionKey key, String recordingId, RecorderReport report) {
        try {
            blocking.execute(() -> {
                try {
                    space.change(key, null, state -> {
                        if (state != null) {
                            steps.recorderReported(state, recordingId, report);
                        }
                        return null;
                    });
                } catch (RuntimeException e) {
                    log.atWarn().setMessage("Could not apply a recorder's report").addKeyValue("tenant", key.tenantId())
                            .addKeyValue("session", key.sessionId()).addKeyValue("recording", recordingId).setCause(e).log();
                }
            });
        } catch (RejectedExecutionException e) {
            log.atDebug().setMessage("Recorder report after shutdown").addKeyValue("recording", recordingId).log();
        }
    }

    void leave(SessionKey key, ClientLink link, String participantId) {
        var linkRef = new LinkRef(node, link.connectionId());
        space.change(key, null, state -> {
            if (state == null) {
                throw new SamtalException(ErrorCode.CONFLICT, "This connection no longer holds your place in the session.");
            }
            steps.leave(state, linkRef, participantId);
            return null;
        });
    }

    /** The connection dropped without a goodbye: the participant keeps their place for the grace period. */
    public void linkLost(SessionKey key, ClientLink link, String participantId) {
        linkLost(key, new LinkRef(node, link.connectionId()), participantId, 1);
    }

    /**
     * Records a lost connection; if the space cannot be reached now (cluster mode: Redis is down),
     * tries again every second for a while, so the participant still turns "reconnecting" and their
     * grace runs once it can be recorded (the node, alive, is not taken for gone meanwhile).
     */
    private void linkLost(SessionKey key, LinkRef link, String participantId, int attempt) {
        try {
            space.change(key, null, state -> {
                if (state != null) {
                    steps.linkLost(state, link, participantId);
                }
                return null;
            });
        } catch (RuntimeException e) {
            if (e instanceof SamtalException || attempt >= LINK_LOSS_ATTEMPTS) {
                throw e;
            }
            log.atDebug().setMessage("Could not record a lost connection yet").addKeyValue("tenant", key.tenantId())
                    .addKeyValue("session", key.sessionId()).addKeyValue("attempt", attempt).log();
            CompletableFuture.runAsync(() -> linkLost(key, link, participantId, attempt + 1),
                    CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS, blocking));
        }
    }

    /** A node is gone (cluster mode): the participants whose connections were there dropped. */
    public void nodeLost(SessionKey key, String lostNode) {
        space.change(key, null, state -> {
            if (state != null) {
                steps.nodeLost(state, lostNode);
            }
            return null;
        });
    }

    private void timerRang(String tenantId, TimerKey timer) {
        var key = new SessionKey(tenantId, timer.sessionId());
        try {
            space.change(key, null, state -> {
                if (state == null) {
                    return null;
                }
                switch (timer.kind()) {
                    case GRACE -> steps.graceExpired(state, timer);
                    case ALARM -> steps.alarm(state);
                }
                return null;
            });
        } catch (RuntimeException e) {
            log.atWarn().setMessage("A session's timer failed").addKeyValue("tenant", tenantId)
                    .addKeyValue("session", timer.sessionId()).addKeyValue("timer", timer.kind().name()).setCause(e).log();
        }
    }

    List<IceServer> iceServersFor(String tenantId, String participantId) {
        return steps.iceServersFor(tenantId, participantId);
    }

    List<LiveSession.PresenceEntry> presenceEntries(SessionKey key) {
        return space.read(key, SessionState::presenceEntries).orElse(List.of());
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
    private void hardStop(SessionKey key) {
        blocking.execute(() -> {
            try {
                bookings.transition(key.tenantId(), key.sessionId(),
                                Set.of(SessionStatus.SCHEDULED, SessionStatus.OPEN, SessionStatus.IN_PROGRESS),
                                SessionStatus.ENDED, clock.instant(), SCHEDULED_END)
                        .ifPresent(ended -> ended(ended, SCHEDULED_END));
                log.atInfo().setMessage("Session reached its hard stop").addKeyValue("tenant", key.tenantId())
                        .addKeyValue("session", key.sessionId()).log();
            } catch (RuntimeException e) {
                log.atWarn().setMessage("Could not end a session at its hard stop").addKeyValue("tenant", key.tenantId())
                        .addKeyValue("session", key.sessionId()).setCause(e).log();
            }
        });
    }

    /**
     * Ends a session that the store has already marked ended or cancelled: everyone connected is
     * told and disconnected, and observers hear of it whether or not anyone was connected.
     */
    public void ended(Booking ended, String reason) {
        space.change(new SessionKey(ended.tenantId(), ended.id()), null, state -> {
            if (state != null && !state.isOver()) {
                steps.end(state, ended, reason);
            }
            return null;
        });
        context.observer().sessionEnded(ended, reason);
    }

    /** The session, if it is live (someone holds a place). */
    public Optional<LiveSession> find(String tenantId, String sessionId) {
        var key = new SessionKey(tenantId, sessionId);
        return space.read(key, state -> new LiveSession(this, key, state.streamId(), state.booking()));
    }

    /** Live sessions with someone on this node, by tenant (for metrics). */
    public Map<String, Integer> activeByTenant() {
        return space.activeByTenant();
    }
}
