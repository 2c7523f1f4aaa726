package se.samtal.server.config;

import java.time.Duration;

/**
 * Limits on failed authentication (unknown API keys, hello tokens that do not verify): per client
 * address and per tenant the attempt claims, and how repeated failures are summarised in the
 * audit trail.
 *
 * @param failuresPerAddress          failures one client address may make at once; beyond, it is
 *                                    refused ({@code rate_limited}) before any credential is checked
 * @param failuresPerAddressPerMinute how fast an address's allowance comes back
 * @param failuresPerTenant           failures naming one tenant (any address) at once; beyond,
 *                                    failures are answered {@code rate_limited} and only summarised
 * @param failuresPerTenantPerMinute  how fast a tenant's allowance comes back
 * @param failureSummaryWindow        repeated failures from one address within this window become
 *                                    one summarising audit entry
 */
public record AuthConfig(Integer failuresPerAddress, Integer failuresPerAddressPerMinute, Integer failuresPerTenant,
                         Integer failuresPerTenantPerMinute, Duration failureSummaryWindow) {

    public AuthConfig {
        failuresPerAddress = failuresPerAddress != null ? failuresPerAddress : 10;
        failuresPerAddressPerMinute = failuresPerAddressPerMinute != null ? failuresPerAddressPerMinute : 6;
        failuresPerTenant = failuresPerTenant != null ? failuresPerTenant : 100;
        failuresPerTenantPerMinute = failuresPerTenantPerMinute != null ? failuresPerTenantPerMinute : 60;
        failureSummaryWindow = failureSummaryWindow != null ? failureSummaryWindow : Duration.ofMinutes(1);
    }

    static AuthConfig defaults() {
        return new AuthConfig(null, null, null, null, null);
    }

    void validate(Problems problems) {
        problems.range(failuresPerAddress, 1, 1_000_000, "auth.failuresPerAddress");
        problems.range(failuresPerAddressPerMinute, 1, 1_000_000, "auth.failuresPerAddressPerMinute");
        problems.range(failuresPerTenant, 1, 1_000_000, "auth.failuresPerTenant");
        problems.range(failuresPerTenantPerMinute, 1, 1_000_000, "auth.failuresPerTenantPerMinute");
        problems.require(failureSummaryWindow.compareTo(Duration.ofSeconds(1)) >= 0
                        && failureSummaryWindow.compareTo(Duration.ofHours(1)) <= 0,
                "auth.failureSummaryWindow", "must be between 1s and 1h");
    }
}
