package se.samtal.server.config;

import java.time.Duration;

/**
 * A tenant's limits and rules for sessions.
 *
 * @param maxParticipantsPerSession people connected to one session at once
 * @param maxScheduledSessions      sessions booked and not yet over, per tenant
 * @param joinEarly                 how long before its scheduled start a session can be joined
 * @param joinLate                  how long after its scheduled end a session can still be joined
 */
public record PolicyConfig(Integer maxParticipantsPerSession, Integer maxScheduledSessions,
                           Duration joinEarly, Duration joinLate) {

    public PolicyConfig {
        maxParticipantsPerSession = maxParticipantsPerSession != null ? maxParticipantsPerSession : 16;
        maxScheduledSessions = maxScheduledSessions != null ? maxScheduledSessions : 100_000;
        joinEarly = joinEarly != null ? joinEarly : Duration.ofMinutes(30);
        joinLate = joinLate != null ? joinLate : Duration.ofHours(1);
    }

    static PolicyConfig defaults() {
        return new PolicyConfig(null, null, null, null);
    }

    void validate(String key, Problems problems) {
        problems.range(maxParticipantsPerSession, 2, 1000, key + ".maxParticipantsPerSession");
        problems.range(maxScheduledSessions, 1, 10_000_000, key + ".maxScheduledSessions");
        problems.require(!joinEarly.isNegative(), key + ".joinEarly", "must not be negative");
        problems.require(!joinLate.isNegative(), key + ".joinLate", "must not be negative");
    }
}
