package se.samtal.server.api;

import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.server.tenant.Tenant;

import java.time.Duration;

/** How long a minted join link lives: what the platform asked for, else the default, never beyond the tenant's maximum. */
final class LinkLifetime {
    private LinkLifetime() {
    }

    /**
     * @param ttlSeconds what the platform asked for, or null
     * @param fallback   {@code tokens.linkTtl}
     */
    static Duration of(Long ttlSeconds, Duration fallback, Tenant tenant) {
        Duration max = tenant.maxTokenLifetime();
        if (ttlSeconds == null) {
            return fallback.compareTo(max) > 0 ? max : fallback;
        }
        if (ttlSeconds < 1 || ttlSeconds > max.toSeconds()) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "'ttlSeconds' must be between 1 and " + max.toSeconds() + ".");
        }
        return Duration.ofSeconds(ttlSeconds);
    }
}
