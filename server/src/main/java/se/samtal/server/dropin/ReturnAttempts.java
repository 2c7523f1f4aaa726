package se.samtal.server.dropin;

import se.samtal.audit.AuditEvent;
import se.samtal.protocol.SamtalException;
import se.samtal.server.net.ClientAddress;
import se.samtal.server.throttle.FailedAuthentications;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Keeps return codes from being guessed. A wrong code (or return key) is a failed
 * authentication: it counts against the general allowances ({@link FailedAuthentications}, with
 * its audit entries and summaries), and against two allowances of its own, far smaller:
 * {@value #PER_ADDRESS} failures per client address and {@value #PER_TENANT} per tenant, each
 * coming back at that many per hour. Once either is used up, every attempt from that address (or,
 * for the tenant's, every return-code attempt to that tenant from anywhere) is refused with
 * {@code rate_limited} <em>before</em> the code is looked at, so that while refused not even the
 * right code gets in. A return key (the browser's, 256 bits) is checked under the address
 * allowance only, so a guessing attack on a tenant's codes does not lock out people coming back
 * on their own device. Allowance keys start with the tenant id (a cluster counts them in the
 * tenant's Redis slot).
 */
public final class ReturnAttempts {
    /** Failed attempts one client address may make at once, and per hour after that. */
    public static final int PER_ADDRESS = 5;
    /** Failed return-code attempts one tenant takes at once from everyone, and per hour after that. */
    public static final int PER_TENANT = 50;
    private static final int MAX_BARRED = 100_000;

    private final FailedAuthentications auth;
    private final ToLongFunction<String> perAddress;
    private final ToLongFunction<String> perTenant;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Long> barredUntil = new ConcurrentHashMap<>();

    /**
     * @param perAddress takes one failure from an address's allowance: 0, or milliseconds until there is one
     * @param perTenant  the same for a tenant
     */
    public ReturnAttempts(FailedAuthentications auth, ToLongFunction<String> perAddress, ToLongFunction<String> perTenant,
                          LongSupplier nanoTime) {
        this.auth = auth;
        this.perAddress = perAddress;
        this.perTenant = perTenant;
        this.nanoTime = nanoTime;
    }

    /**
     * Before a code or key is looked up.
     *
     * @param byCode whether the attempt is by return code (the tenant-wide allowance applies too)
     * @throws SamtalException {@code rate_limited} with {@code retryAfterMs} while refused
     */
    public void beforeCheck(String tenantId, ClientAddress from, boolean byCode) {
        auth.beforeCheck(attempt(tenantId, from));
        long now = nanoTime.getAsLong();
        long wait = Math.max(remaining(addressKey(tenantId, from), now), byCode ? remaining(tenantKey(tenantId), now) : 0);
        if (wait > 0) {
            throw tooMany(wait);
        }
    }

    /**
     * A code or key matched nothing: charges the allowances and records the failure.
     *
     * @return the refusal to answer with: {@code rate_limited} if an allowance is used up, else {@code unknown}
     */
    public SamtalException failed(String tenantId, ClientAddress from, boolean byCode, Supplier<AuditEvent> entry,
                                  SamtalException unknown) {
        long authWait = auth.failed(attempt(tenantId, from), entry);
        long now = nanoTime.getAsLong();
        long addressWait = perAddress.applyAsLong(addressKey(tenantId, from));
        long tenantWait = byCode ? perTenant.applyAsLong(tenantKey(tenantId)) : 0;
        bar(addressKey(tenantId, from), addressWait, now);
        bar(tenantKey(tenantId), tenantWait, now);
        long wait = Math.max(authWait, Math.max(addressWait, tenantWait));
        return wait > 0 ? tooMany(wait) : unknown;
    }

    private void bar(String key, long waitMs, long now) {
        if (barredUntil.size() > MAX_BARRED) {
            barredUntil.values().removeIf(until -> until - now <= 0); // bounded memory under a spread attack
        }
        if (waitMs > 0) {
            barredUntil.merge(key, now + TimeUnit.MILLISECONDS.toNanos(waitMs), Math::max);
        }
    }

    private long remaining(String key, long now) {
        Long until = barredUntil.get(key);
        if (until == null) {
            return 0;
        }
        if (until - now <= 0) {
            barredUntil.remove(key, until);
            return 0;
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - now));
    }

    private static FailedAuthentications.Attempt attempt(String tenantId, ClientAddress from) {
        return new FailedAuthentications.Attempt(from, tenantId, FailedAuthentications.Via.RETURN_CODE);
    }

    private static String addressKey(String tenantId, ClientAddress from) {
        return tenantId + "\u0000address\u0000" + from.limitKey();
    }

    private static String tenantKey(String tenantId) {
        return tenantId + "\u0000tenant";
    }

    private static SamtalException tooMany(long waitMs) {
        return SamtalException.rateLimited("Too many wrong return codes; wait a while before you try again.", waitMs);
    }
}
