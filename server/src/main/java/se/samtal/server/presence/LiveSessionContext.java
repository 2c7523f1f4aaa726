package se.samtal.server.presence;

import se.samtal.protocol.WireCodec;
import se.samtal.server.auth.TokenMinter;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/** What a {@link LiveSession} needs from its surroundings. */
record LiveSessionContext(WireCodec codec, TokenMinter minter, ScheduledExecutorService timers,
                          Duration reconnectGrace, int replayEvents, int heartbeatSeconds, int maxParticipants,
                          SessionObserver observer, Consumer<LiveSession> retirer) {

    void retire(LiveSession session) {
        retirer.accept(session);
    }
}
