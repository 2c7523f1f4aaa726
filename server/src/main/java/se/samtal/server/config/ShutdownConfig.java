package se.samtal.server.config;

import java.time.Duration;

/** @param drainTimeout how long shutdown waits for connections to close before forcing them */
public record ShutdownConfig(Duration drainTimeout) {

    public ShutdownConfig {
        drainTimeout = drainTimeout != null ? drainTimeout : Duration.ofSeconds(10);
    }

    void validate(Problems problems) {
        problems.positive(drainTimeout, "shutdown.drainTimeout");
        problems.require(drainTimeout == null || drainTimeout.compareTo(Duration.ofMinutes(5)) <= 0,
                "shutdown.drainTimeout", "must be at most 5m");
    }
}
