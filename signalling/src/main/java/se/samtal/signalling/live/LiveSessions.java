package se.samtal.signalling.live;

import se.samtal.signalling.call.bridge.BridgeReport;
import se.samtal.signalling.call.bridge.MediaBridge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.recording.recorder.RecorderReport;
import se.samtal.signalling.feed.ClientLink;
import se.samtal.signalling.feed.LinkRef;
import se.samtal.signalling.ice.IceServerEntry;
import se.samtal.signalling.visit.Booking;
import se.samtal.signalling.visit.Principal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The live sessions of a node, and the way in: {@link #join} puts a person the server has let in
 * (a booking found, a token spent) in their session on a connection, and hands back their
 * {@link LiveSession}. Every change of a session is one of {@link SessionSteps}, made in the
 * node's {@link SessionSpace} (memory, or Redis); the timers, the recorder's reports and a lost
 * node come in here too.
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
    private final TenantRules rules;
    private final BookingLedger ledger;
    private final Executor blocking;
    private final Clock clock;

    /**
     * @param node     this node's id (what links of its connections name)
     * @param blocking where the booking's changes, the hard stop and the recorder's reports are carried out
     */
    public LiveSessions(String node, SessionSpace space, TenantRules rules, BookingLedger ledger, SessionObserver observer,
                        IdSource ids, Duration reconnectGrace, Executor blocking, Clock clock) {
        this(node, space, rules, ledger, observer, ids, reconnectGrace, blocking, clock, MediaBridge.NONE);
    }

    /** @param bridge the video bridge calls of three or more go through ({@link MediaBridge#NONE}: meshes) */
    public LiveSessions(String node, SessionSpace space, TenantRules rules, BookingLedger ledger, SessionObserver observer,
                        IdSource ids, Duration reconnectGrace, Executor blocking, Clock clock, MediaBridge bridge) {
        this.node = node;
        this.space = space;
        this.rules = rules;
        this.ledger = ledger;
        this.blocking = blocking;
        this.clock = clock;
        this.context = new LiveSessionContext(clock, rules, ids, reconnectGrace, observer, this::recordStatus, this::hardStop,
                this::recorderReported, bridge, this::bridgeReported);
        this.steps = new SessionSteps(context);
        space.start(context, this::timerRang);
    }

    /**
     * Puts {@code principal} in the session of {@code booking} on {@code link}; once the change is
     * committed, {@code bind} is called with the participant's place and then the welcome and
     * what follows it are sent. The server has let them in (booking, time, single-use token)
     * before; the session refuses what is its own to refuse (full, turned away, over).
     *
     * @param requestId the request (hello) the welcome answers
     * @param resume    what the resume token says, or null for a join link
     * @param lastSeq   the last event the client saw, to be sent what it missed (null: a fresh start)
     */
    public LiveSession join(Booking booking, Principal principal, ClientLink link, String requestId, Resume resume, Long lastSeq,
                            Consumer<LiveSession> bind) {
        var key = new SessionKey(booking.tenantId(), booking.id());
        var linkRef = new LinkRef(node, link.connectionId());
        LiveSession[] place = new LiveSession[1]; // the committed attempt's: only its welcome is ever sent
        space.change(key, () -> SessionState.fresh(booking, context.ids().next("st_"), context), change -> {
            // The place keeps the session's booking and the booking's strings, not copies of its own.
            Booking shared = change.state().booking();
            Principal held = shared.sharingStrings(principal);
            String id = steps.join(change, held, linkRef, link, requestId, resume, lastSeq, joined -> bind.accept(place[0]));
            place[0] = new LiveSession(this, space, steps, shared, held, linkRef, id, change.state().streamId());
            return null;
        });
        return place[0];
    }

    /**
     * The recorder reported on a recording (on any thread, possibly inside the call that told it):
     * a change of its own, made on {@code blocking}, never inside the step that caused it.
     */
    private void recorderReported(SessionKey key, String recordingId, RecorderReport report) {
        try {
            blocking.execute(() -> {
                try {
                    space.change(key, null, change -> {
                        if (change != null) {
                            steps.recorderReported(change, recordingId, report);
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

    /** The video bridge reported about a session's call (on any thread): a change of its own, made on {@code blocking}. */
    private void bridgeReported(SessionKey key, BridgeReport report) {
        try {
            blocking.execute(() -> {
                try {
                    space.change(key, null, change -> {
                        if (change != null) {
                            steps.bridgeReported(change, report);
                        }
                        return null;
                    });
                } catch (RuntimeException e) {
                    log.atWarn().setMessage("Could not apply a video bridge's report").addKeyValue("tenant", key.tenantId())
                            .addKeyValue("session", key.sessionId()).addKeyValue("round", report.round()).setCause(e).log();
                }
            });
        } catch (RejectedExecutionException e) {
            log.atDebug().setMessage("Bridge report after shutdown").addKeyValue("session", key.sessionId()).log();
        }
    }

    /** A connection of this node that closed while its loss could not be recorded (cluster mode: Redis was down). */
    public void linkLost(SessionKey key, String participantId, ClientLink link) {
        linkLost(key, new LinkRef(node, link.connectionId()), participantId, 1);
    }

    /**
     * Records a lost connection; if the space cannot be reached now (cluster mode: Redis is down),
     * tries again every second for a while, so the participant still turns "reconnecting" and their
     * grace runs once it can be recorded (the node, alive, is not taken for gone meanwhile).
     */
    void linkLost(SessionKey key, LinkRef link, String participantId, int attempt) {
        try {
            space.change(key, null, change -> {
                if (change != null) {
                    steps.linkLost(change, link, participantId);
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
        space.change(key, null, change -> {
            if (change != null) {
                steps.nodeLost(change, lostNode);
            }
            return null;
        });
    }

    private void timerRang(String tenantId, TimerKey timer) {
        var key = new SessionKey(tenantId, timer.sessionId());
        try {
            space.change(key, null, change -> {
                if (change == null) {
                    return null;
                }
                switch (timer.kind()) {
                    case GRACE -> steps.graceExpired(change, timer);
                    case ALARM -> steps.alarm(change);
                }
                return null;
            });
        } catch (RuntimeException e) {
            log.atWarn().setMessage("A session's timer failed").addKeyValue("tenant", tenantId)
                    .addKeyValue("session", timer.sessionId()).addKeyValue("timer", timer.kind().name()).setCause(e).log();
        }
    }

    List<IceServerEntry> iceServersFor(String tenantId, String participantId) {
        return rules.turn(tenantId).iceServersFor(participantId);
    }

    /** Persists that a session opened or got under way (off the lock and off the event loop). */
    private void recordStatus(Booking booking) {
        blocking.execute(() -> {
            try {
                ledger.statusChanged(booking);
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
                ledger.endAtHardStop(key.tenantId(), key.sessionId(), clock.instant()).ifPresent(ended -> ended(ended, SCHEDULED_END));
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
        space.change(new SessionKey(ended.tenantId(), ended.id()), null, change -> {
            if (change != null && !change.state().isOver()) {
                steps.end(change, ended, reason);
            }
            return null;
        });
        context.observer().sessionEnded(ended, reason);
    }

    /** Who is in the session now, if it is live (someone holds a place): for the platform API and audit, never for clients. */
    public Optional<List<PresenceEntry>> presence(String tenantId, String sessionId) {
        return space.read(new SessionKey(tenantId, sessionId), SessionState::presenceEntries);
    }

    /** Live sessions with someone on this node, by tenant (for metrics). */
    public Map<String, Integer> activeByTenant() {
        return space.activeByTenant();
    }
}
