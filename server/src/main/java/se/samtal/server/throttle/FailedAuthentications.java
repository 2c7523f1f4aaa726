package se.samtal.server.throttle;

import io.prometheus.metrics.core.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.audit.AuditEvent;
import se.samtal.protocol.SamtalException;
import se.samtal.server.audit.AuditTrail;
import se.samtal.server.config.AuthConfig;
import se.samtal.server.metrics.SamtalMetrics;
import se.samtal.server.net.ClientAddress;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Anti-automation for authentication: API keys and hello tokens that fail (and whatever
 * credential comes next). Two allowances of failures, refilled over time:
 * <ul>
 *   <li><b>per client address</b> ({@link ClientAddress#limitKey()}): once used up, every attempt
 *       from the address is refused with {@code rate_limited} <em>before</em> its credential is
 *       checked, until the allowance has refilled enough for one more;</li>
 *   <li><b>per claimed tenant</b> (the tenant an unverified token names; API keys name none and
 *       count as the unattributed chain): once used up, credentials are still checked, so valid
 *       ones get in, but failures are answered {@code rate_limited} instead of their own code and
 *       are only summarised. An attacker spread over many addresses can so neither grow the
 *       tenant's audit trail at will nor lock its users out.</li>
 * </ul>
 * <p>The audit trail gets the first failure from an address (per tenant chain and way in) in a
 * {@code auth.failureSummaryWindow} as an entry of its own, exactly as before; every further one
 * in that window, and every attempt refused before checking, is counted into one
 * {@code auth.failed_repeatedly} entry written when the window closes: how many, first and last
 * time, the address's class and network. Beyond the tenant's allowance, failures from any address
 * go into one tenant-wide summary. In cluster mode the allowances are counted in Redis across the
 * nodes (the composition root passes such counters); each node learns that an address is barred
 * from a failure of its own, so it checks at most one more attempt of a barred address. Summaries
 * are written by the node that saw the failures.
 */
public final class FailedAuthentications implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FailedAuthentications.class);
    /** Windows open at once; beyond, failures are summarised tenant-wide (bounded memory under a spread attack). */
    private static final int MAX_WINDOWS = 10_000;
    private static final int MAX_BARRED = 100_000;

    /** How the credential came in. */
    public enum Via {
        API("api"), HELLO("hello"),
        /** A drop-in's return code or return key that matched nothing. */
        RETURN_CODE("return_code"),
        /** A care-team inbox token that did not verify. */
        INBOX("inbox");

        private final String wire;

        Via(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    /** One attempt to authenticate: from where, filed under which tenant's chain, which way. */
    public record Attempt(ClientAddress address, String chain, Via via) {
    }

    private final ToLongFunction<String> perAddress;
    private final ToLongFunction<String> perTenant;
    private final FailureSummaries summaries;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Long> barredUntil = new ConcurrentHashMap<>();
    private final AtomicLong checks = new AtomicLong();
    private final Counter outcomes;

    /**
     * @param perAddress takes one failure from an address key's allowance ({@code auth.failuresPerAddress},
     *                   refilled at {@code auth.failuresPerAddressPerMinute}): 0, or milliseconds until there is one
     * @param perTenant  the same for a tenant chain
     * @param nanoTime   the clock the allowances refill by
     */
    public FailedAuthentications(AuthConfig config, ToLongFunction<String> perAddress, ToLongFunction<String> perTenant,
                                 LongSupplier nanoTime, AuditTrail trail, ScheduledExecutorService timers, SamtalMetrics metrics) {
        this.nanoTime = nanoTime;
        this.perAddress = perAddress;
        this.perTenant = perTenant;
        this.summaries = new FailureSummaries(trail, timers, config.failureSummaryWindow(), MAX_WINDOWS);
        this.outcomes = metrics.counter("samtal_auth_failures_total",
                "Failed authentications (API keys, hello tokens), by way in and outcome: recorded (an audit entry of its own), "
                        + "summarised (counted into a summary entry), refused (the address was over its allowance: not checked).",
                "via", "outcome");
    }

    /**
     * Before a credential is checked.
     *
     * @throws SamtalException {@code rate_limited} with {@code retryAfterMs} if the address has used
     *                         up its allowance of failures; the attempt is counted into its summary
     */
    public void beforeCheck(Attempt attempt) {
        String key = attempt.address().limitKey();
        Long until = barredUntil.get(key);
        long now = nanoTime.getAsLong();
        if (checks.incrementAndGet() % 4096 == 0 || barredUntil.size() > MAX_BARRED) {
            barredUntil.values().removeIf(deadline -> deadline - now <= 0);
        }
        if (until == null || until - now <= 0) {
            return;
        }
        summaries.refusedUnchecked(attempt);
        outcomes.labelValues(attempt.via().wire(), "refused").inc();
        long retryAfterMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - now));
        throw SamtalException.rateLimited("Too many failed attempts to authenticate from this address; try again later.",
                retryAfterMs);
    }

    /**
     * A credential failed. Records it ({@code entry}, if it is the first from its address in the
     * window) or counts it into the window's summary, and charges both allowances.
     *
     * @return 0 to answer with the failure's own code; else the milliseconds to put in a
     * {@code rate_limited} answer given instead (an allowance is used up). Never throws: a trail
     * that cannot take the entry does not keep the refusal from being answered
     */
    public long failed(Attempt attempt, Supplier<AuditEvent> entry) {
        long addressWait = perAddress.applyAsLong(attempt.address().limitKey());
        long tenantWait = perTenant.applyAsLong(attempt.chain());
        if (addressWait > 0) {
            barredUntil.merge(attempt.address().limitKey(), nanoTime.getAsLong() + TimeUnit.MILLISECONDS.toNanos(addressWait),
                    Math::max);
        }
        boolean recorded = false;
        try {
            recorded = summaries.failed(attempt, tenantWait > 0, entry);
        } catch (RuntimeException e) {
            // The refusal must still be answered: the trail's own failure is logged and counted there.
            log.atWarn().setMessage("A failed authentication could not be put in the audit trail")
                    .addKeyValue("via", attempt.via().wire()).addKeyValue("tenant", attempt.chain()).setCause(e).log();
        }
        outcomes.labelValues(attempt.via().wire(), recorded ? "recorded" : "summarised").inc();
        if (addressWait > 0 || tenantWait > 0) {
            log.atDebug().setMessage("Failed authentication over the allowance").addKeyValue("via", attempt.via().wire())
                    .addKeyValue("tenant", attempt.chain()).addKeyValue("addressClass", attempt.address().addressClass()).log();
        }
        return Math.max(addressWait, tenantWait);
    }

    /** The refusal to give instead of a failure's own code when {@link #failed} returned a wait. */
    public static SamtalException rateLimited(long retryAfterMs) {
        return SamtalException.rateLimited("Too many failed attempts to authenticate; try again later.", retryAfterMs);
    }

    /** Writes the summaries of windows still open (at shutdown). */
    @Override
    public void close() {
        summaries.flushAll();
    }
}
