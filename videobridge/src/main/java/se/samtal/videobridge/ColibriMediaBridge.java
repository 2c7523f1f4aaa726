package se.samtal.videobridge;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.signalling.call.bridge.BridgeCommand;
import se.samtal.signalling.call.bridge.BridgeReport;
import se.samtal.signalling.call.bridge.MediaBridge;
import se.samtal.videobridge.colibri.Allocation;
import se.samtal.videobridge.colibri.BridgeClient;
import se.samtal.videobridge.colibri.BridgeConference;
import se.samtal.videobridge.select.BridgeSelector;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The session engine's video bridge, made of Jitsi Videobridges driven over Colibri2. Each
 * session's commands run in order, one after another, on virtual threads (every Colibri2 request
 * blocks for one HTTP exchange). A new conference goes to the bridge the {@link BridgeSelector}
 * chooses; a bridge that fails while a conference is made on it is taken out of use and the next
 * is tried; with none left the call is told the bridge is unavailable, and the allocation is tried
 * again every {@link #RETRY} for as long as it is the session's latest. A bridge that fails under
 * a running conference is reported lost: the engine moves the conference.
 */
public final class ColibriMediaBridge implements MediaBridge, AutoCloseable {
    /** How often an allocation with no bridge to be had is tried again. */
    public static final Duration RETRY = Duration.ofSeconds(10);
    /** A refused conference is reported after this pause, so a request the bridge refuses cannot loop fast. */
    static final Duration AFTER_REFUSAL = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(ColibriMediaBridge.class);

    private final BridgeSelector selector;
    private final String region;
    private final ScheduledExecutorService timers;
    private final Duration retry;
    private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, CompletableFuture<Void>> lanes = new ConcurrentHashMap<>();
    /** Per session: the newest round any command named, and the newest round that ended. */
    private final Map<String, long[]> rounds = new ConcurrentHashMap<>();
    /** Per session: its running conference (bridge, round) and where its reports go, so a bridge's loss reaches it. */
    private final Map<String, Running> running = new ConcurrentHashMap<>();

    private record Running(String bridgeId, long round, Consumer<BridgeReport> reports) {
    }

    /**
     * @param region the region this node prefers for new conferences, or null
     * @param timers where retries are scheduled (tasks only hand work over; they never block)
     */
    public ColibriMediaBridge(BridgeSelector selector, String region, ScheduledExecutorService timers) {
        this(selector, region, timers, RETRY);
    }

    /** @param retry how often an allocation with no bridge to be had is tried again */
    public ColibriMediaBridge(BridgeSelector selector, String region, ScheduledExecutorService timers, Duration retry) {
        this.selector = selector;
        this.region = region;
        this.timers = timers;
        this.retry = retry;
        selector.onLoss(this::bridgeLost);
    }

    /** A bridge stopped being healthy: every conference on it is reported lost, so each call moves. */
    private void bridgeLost(String bridgeId) {
        running.forEach((key, conference) -> {
            if (conference.bridgeId().equals(bridgeId) && running.remove(key, conference)) {
                conference.reports().accept(new BridgeReport.Lost(conference.round(), bridgeId, "the bridge stopped answering"));
            }
        });
    }

    @Override
    public boolean configured() {
        return selector.configured();
    }

    @Override
    public void perform(String tenantId, String sessionId, BridgeCommand command, Consumer<BridgeReport> reports) {
        String key = tenantId + '/' + sessionId;
        rounds.compute(key, (k, r) -> {
            long[] seen = r == null ? new long[] {0, -1} : r;
            seen[0] = Math.max(seen[0], command.round());
            if (command instanceof BridgeCommand.End end) {
                seen[1] = Math.max(seen[1], end.round());
            }
            return seen;
        });
        inLane(key, () -> run(key, sessionId, command, reports));
    }

    /** Runs {@code task} after the session's earlier ones. */
    private void inLane(String key, Runnable task) {
        lanes.compute(key, (k, tail) -> {
            var before = tail == null ? CompletableFuture.<Void>completedFuture(null) : tail;
            CompletableFuture<Void> next;
            try {
                next = before.thenRunAsync(task, work).exceptionally(e -> {
                    log.atError().setMessage("A video bridge command failed").addKeyValue("session", k).setCause(e).log();
                    return null;
                });
            } catch (RejectedExecutionException closed) {
                return tail;
            }
            next.whenComplete((ok, e) -> lanes.remove(k, next));
            return next;
        });
    }

    private boolean current(String key, long round) {
        long[] seen = rounds.get(key);
        return seen != null && seen[0] == round && seen[1] < round;
    }

    private void run(String key, String sessionId, BridgeCommand command, Consumer<BridgeReport> reports) {
        switch (command) {
            case BridgeCommand.Allocate allocate -> allocate(key, sessionId, allocate, reports, false);
            case BridgeCommand.Update update -> onConference(update.round(), update.bridgeId(), update.meetingId(), reports,
                    conference -> conference.update(update.endpoint(), update.transport(), update.sources()));
            case BridgeCommand.Expire expire -> quietly(expire.bridgeId(), expire.meetingId(),
                    conference -> conference.expire(expire.endpoint()));
            case BridgeCommand.End end -> {
                running.computeIfPresent(key, (k, r) -> r.round() <= end.round() ? null : r);
                quietly(end.bridgeId(), end.meetingId(), BridgeConference::expire);
                rounds.computeIfPresent(key, (k, seen) -> seen[0] <= end.round() ? null : seen);
            }
        }
    }

    private void allocate(String key, String sessionId, BridgeCommand.Allocate allocate, Consumer<BridgeReport> reports,
                          boolean retrying) {
        if (!current(key, allocate.round())) {
            return; // a newer conference, or none any more
        }
        Set<String> tried = new HashSet<>(allocate.avoid());
        while (true) {
            Optional<BridgeClient> chosen = allocate.bridgeId() != null && !tried.contains(allocate.bridgeId())
                    ? selector.client(allocate.bridgeId()) : allocate.bridgeId() == null ? selector.choose(region, tried) : Optional.empty();
            if (chosen.isEmpty()) {
                if (allocate.bridgeId() != null) {
                    reports.accept(new BridgeReport.Lost(allocate.round(), allocate.bridgeId(), "the conference's bridge failed"));
                    return;
                }
                if (!retrying) {
                    log.atWarn().setMessage("No video bridge can be had; trying again").addKeyValue("session", sessionId)
                            .addKeyValue("inSeconds", retry.toSeconds()).log();
                    reports.accept(new BridgeReport.Unavailable(allocate.round(), "no video bridge answers"));
                }
                schedule(retry, () -> inLane(key, () -> allocate(key, sessionId, allocate, reports, true)));
                return;
            }
            BridgeClient client = chosen.get();
            var conference = new BridgeConference(client, allocate.meetingId());
            try {
                var places = new LinkedHashMap<String, BridgeReport.Place>();
                boolean create = allocate.create();
                for (var endpoint : allocate.endpoints().entrySet()) {
                    Allocation allocation = conference.allocate(endpoint.getKey(), create);
                    create = false;
                    places.put(endpoint.getKey(), new BridgeReport.Place(endpoint.getValue(), allocation.transport(),
                            allocation.feedback()));
                }
                log.atInfo().setMessage("Video bridge allocated").addKeyValue("session", sessionId)
                        .addKeyValue("bridge", client.bridge().id()).addKeyValue("endpoints", places.size()).log();
                running.put(key, new Running(client.bridge().id(), allocate.round(), reports));
                reports.accept(new BridgeReport.Allocated(allocate.round(), client.bridge().id(), allocate.meetingId(), places));
                return;
            } catch (BridgeException e) {
                String bridgeId = client.bridge().id();
                log.atWarn().setMessage("A video bridge failed an allocation").addKeyValue("session", sessionId)
                        .addKeyValue("bridge", bridgeId).addKeyValue("kind", e.kind()).addKeyValue("reason", e.getMessage()).log();
                if (allocate.create()) {
                    quietly(bridgeId, allocate.meetingId(), BridgeConference::expire); // a refused create leaves its conference
                }
                if (e.kind() == BridgeException.Kind.REFUSED) {
                    schedule(AFTER_REFUSAL, () -> reports.accept(new BridgeReport.Lost(allocate.round(), null, e.getMessage())));
                    return;
                }
                selector.failed(bridgeId);
                if (!allocate.create()) {
                    reports.accept(new BridgeReport.Lost(allocate.round(), bridgeId, e.getMessage()));
                    return;
                }
                tried.add(bridgeId);
            }
        }
    }

    private void onConference(long round, String bridgeId, String meetingId, Consumer<BridgeReport> reports,
                              Consumer<BridgeConference> act) {
        Optional<BridgeClient> client = bridgeId == null ? Optional.empty() : selector.client(bridgeId);
        if (client.isEmpty()) {
            return;
        }
        try {
            act.accept(new BridgeConference(client.get(), meetingId));
        } catch (BridgeException e) {
            log.atWarn().setMessage("A video bridge failed a request").addKeyValue("bridge", bridgeId)
                    .addKeyValue("kind", e.kind()).addKeyValue("reason", e.getMessage()).log();
            if (e.bridgeLost()) {
                if (e.kind() == BridgeException.Kind.UNREACHABLE) {
                    selector.failed(bridgeId);
                }
                reports.accept(new BridgeReport.Lost(round, bridgeId, e.getMessage()));
            }
        }
    }

    /** Best effort: the conference or endpoint may already be gone, and then there is nothing to do. */
    private void quietly(String bridgeId, String meetingId, Consumer<BridgeConference> act) {
        if (bridgeId == null || meetingId == null) {
            return;
        }
        selector.client(bridgeId).ifPresent(client -> {
            try {
                act.accept(new BridgeConference(client, meetingId));
            } catch (BridgeException e) {
                log.atDebug().setMessage("A video bridge did not take an expiry").addKeyValue("bridge", bridgeId)
                        .addKeyValue("reason", e.getMessage()).log();
            }
        });
    }

    private void schedule(Duration after, Runnable task) {
        try {
            timers.schedule(task, after.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            // the node is stopping
        }
    }

    @Override
    public void close() {
        work.shutdown();
    }
}
