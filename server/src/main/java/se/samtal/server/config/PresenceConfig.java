package se.samtal.server.config;

import java.time.Duration;

/**
 * @param reconnectGrace how long a dropped participant keeps their place ("reconnecting") before
 *                       they count as disconnected
 * @param replayEvents   how many recent session events each session keeps for resuming clients
 */
public record PresenceConfig(Duration reconnectGrace, Integer replayEvents) {

    public PresenceConfig {
        reconnectGrace = reconnectGrace != null ? reconnectGrace : Duration.ofSeconds(30);
        replayEvents = replayEvents != null ? replayEvents : 256;
    }

    void validate(Problems problems) {
        problems.positive(reconnectGrace, "presence.reconnectGrace");
        problems.range(replayEvents, 0, 100_000, "presence.replayEvents");
    }
}
