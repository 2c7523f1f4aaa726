package se.samtal.server.throttle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.audit.Actor;
import se.samtal.audit.AuditAction;
import se.samtal.audit.AuditEvent;
import se.samtal.audit.Outcome;
import se.samtal.server.audit.AuditTrail;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Turns repeated failed authentications into one audit entry per window. A window opens with the
 * first failure from an address (per tenant chain and way in), which is recorded on its own; it
 * closes {@code window} later with one {@code auth.failed_repeatedly} entry counting what came
 * after it, if anything did. A tenant-wide window collects failures beyond the tenant's allowance
 * from any address. Entries are queued (never blocking) and, like every entry, in the chain.
 */
final class FailureSummaries {
    private static final Logger log = LoggerFactory.getLogger(FailureSummaries.class);
    private static final int MAX_ADDRESSES_COUNTED = 1000;
    /** The address key of a tenant-wide window. */
    private static final String ANY_ADDRESS = "*";

    private record Key(String chain, FailedAuthentications.Via via, String address) {
    }

    /** What one window has seen after its first failure. Guarded by its own monitor. */
    private static final class Window {
        final boolean tenantWide;
        final String addressClass;
        final String network;
        final Set<String> addressClasses = new TreeSet<>();
        final Set<String> addresses = new HashSet<>();
        Instant firstAt;
        Instant lastAt;
        long failures;
        long refused;
        boolean closed;

        Window(boolean tenantWide, String addressClass, String network) {
            this.tenantWide = tenantWide;
            this.addressClass = addressClass;
            this.network = network;
        }

        void seen(FailedAuthentications.Attempt attempt, Instant at, boolean checked) {
            if (firstAt == null) {
                firstAt = at;
            }
            lastAt = at;
            if (checked) {
                failures++;
            } else {
                refused++;
            }
            addressClasses.add(attempt.address().addressClass());
            if (addresses.size() < MAX_ADDRESSES_COUNTED) {
                addresses.add(attempt.address().limitKey());
            }
        }
    }

    private final AuditTrail trail;
    private final ScheduledExecutorService timers;
    private final Duration window;
    private final int maxWindows;
    private final ConcurrentHashMap<Key, Window> open = new ConcurrentHashMap<>();

    FailureSummaries(AuditTrail trail, ScheduledExecutorService timers, Duration window, int maxWindows) {
        this.trail = trail;
        this.timers = timers;
        this.window = window;
        this.maxWindows = maxWindows;
    }

    /**
     * A checked credential failed.
     *
     * @param overTenant the tenant's allowance is used up: summarise tenant-wide
     * @return whether {@code entry} was recorded (the window's first failure), rather than counted
     */
    boolean failed(FailedAuthentications.Attempt attempt, boolean overTenant, Supplier<AuditEvent> entry) {
        boolean tenantWide = overTenant || (open.size() >= maxWindows && !open.containsKey(keyOf(attempt, false)));
        Key key = keyOf(attempt, tenantWide);
        while (true) {
            boolean[] opened = {false};
            Window current = open.computeIfAbsent(key, k -> {
                opened[0] = true;
                return new Window(tenantWide, attempt.address().addressClass(), attempt.address().network());
            });
            if (opened[0]) {
                schedule(key, current);
                if (!tenantWide) {
                    trail.queue(entry.get());
                    return true;
                }
            }
            synchronized (current) {
                if (current.closed) {
                    continue; // closed meanwhile: open a new window
                }
                current.seen(attempt, trail.clock().instant(), true);
                return false;
            }
        }
    }

    /** An attempt refused before its credential was checked (the address is over its allowance). */
    void refusedUnchecked(FailedAuthentications.Attempt attempt) {
        Key key = open.containsKey(keyOf(attempt, false)) || open.size() < maxWindows ? keyOf(attempt, false) : keyOf(attempt, true);
        while (true) {
            boolean[] opened = {false};
            Window current = open.computeIfAbsent(key, k -> {
                opened[0] = true;
                return new Window(k.address().equals(ANY_ADDRESS), attempt.address().addressClass(), attempt.address().network());
            });
            if (opened[0]) {
                schedule(key, current);
            }
            synchronized (current) {
                if (current.closed) {
                    continue;
                }
                current.seen(attempt, trail.clock().instant(), false);
                return;
            }
        }
    }

    private static Key keyOf(FailedAuthentications.Attempt attempt, boolean tenantWide) {
        return new Key(attempt.chain(), attempt.via(), tenantWide ? ANY_ADDRESS : attempt.address().limitKey());
    }

    private void schedule(Key key, Window w) {
        try {
            timers.schedule(() -> close(key, w), window.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            close(key, w); // shutting down: write what there is
        }
    }

    private void close(Key key, Window w) {
        open.remove(key, w);
        AuditEvent summary;
        synchronized (w) {
            if (w.closed) {
                return;
            }
            w.closed = true;
            if (w.failures + w.refused == 0) {
                return;
            }
            var event = trail.event(key.chain(), Actor.anonymous(), AuditAction.AUTH_FAILED_REPEATEDLY)
                    .outcome(Outcome.REFUSED, null)
                    .detail("via", key.via().wire())
                    .detail("count", w.failures + w.refused)
                    .detail("refusedUnchecked", w.refused)
                    .detail("firstAt", w.firstAt.toString())
                    .detail("lastAt", w.lastAt.toString())
                    .detail("windowSeconds", window.toSeconds());
            if (w.tenantWide) {
                event.detail("addressClass", String.join(",", w.addressClasses)).detail("addresses", w.addresses.size());
            } else {
                event.detail("addressClass", w.addressClass).detail("network", w.network);
            }
            summary = event.build();
        }
        try {
            trail.queue(summary);
        } catch (RuntimeException e) {
            log.atWarn().setMessage("A summary of failed authentications could not be queued").setCause(e).log();
        }
    }

    void flushAll() {
        open.forEach(this::close);
    }
}
