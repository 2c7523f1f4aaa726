package se.samtal.signalling.live.redis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.redis.Redis;
import se.samtal.redis.RedisScript;
import se.samtal.signalling.live.SessionSpace;
import se.samtal.signalling.live.TimerKey;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The timers of live sessions in cluster mode (reconnect grace, end warning, hard stop): a sorted
 * set per tenant, set and cleared by the very changes that cause them. Every node looks for due
 * timers a few times a second and takes each with a short lease, so one node runs it; the change
 * it causes clears it in the same atomic step, so it rings once. A node that dies holding one
 * lets it go when the lease ends.
 */
final class SessionTimers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SessionTimers.class);
    private static final RedisScript CLAIM = RedisScript.load(SessionTimers.class, "claim_timers.lua");
    static final Duration POLL = Duration.ofMillis(200);
    static final Duration LEASE = Duration.ofSeconds(10);
    private static final int MOST = 100;

    private final Redis redis;
    private final LiveKeys keys;
    private final List<String> tenants;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Executor blocking;
    private final AtomicBoolean polling = new AtomicBoolean();
    private ScheduledFuture<?> task;

    SessionTimers(Redis redis, LiveKeys keys, List<String> tenants, Clock clock, ScheduledExecutorService scheduler,
                  Executor blocking) {
        this.redis = redis;
        this.keys = keys;
        this.tenants = List.copyOf(tenants);
        this.clock = clock;
        this.scheduler = scheduler;
        this.blocking = blocking;
    }

    void start(SessionSpace.TimerListener listener) {
        task = scheduler.scheduleWithFixedDelay(() -> {
            if (polling.compareAndSet(false, true)) {
                blocking.execute(() -> {
                    try {
                        poll(listener);
                    } finally {
                        polling.set(false);
                    }
                });
            }
        }, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void poll(SessionSpace.TimerListener listener) {
        String now = String.valueOf(clock.millis());
        for (String tenant : tenants) {
            try {
                Object due = CLAIM.run(redis.commands(), List.of(keys.timers(tenant)),
                        List.of(now, String.valueOf(LEASE.toMillis()), String.valueOf(MOST)));
                for (Object id : (List<?>) due) {
                    TimerKey timer = TimerKey.parse(String.valueOf(id));
                    blocking.execute(() -> listener.rang(tenant, timer));
                }
            } catch (RuntimeException e) {
                log.atDebug().setMessage("Could not look for due timers").addKeyValue("tenant", tenant)
                        .addKeyValue("reason", e.getMessage()).log();
            }
        }
    }

    @Override
    public void close() {
        if (task != null) {
            task.cancel(false);
        }
    }
}
