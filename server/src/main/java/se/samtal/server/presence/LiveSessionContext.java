package se.samtal.server.presence;

import se.samtal.protocol.WireCodec;
import se.samtal.server.auth.TokenMinter;
import se.samtal.server.booking.Booking;
import se.samtal.server.recording.RecordingSetup;
import se.samtal.signalling.ice.TurnCredentials;
import se.samtal.signalling.room.RoomPolicy;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * What a {@link LiveSession} needs from its surroundings.
 *
 * @param recordStatus persists a booking's new status (open, in progress), off the lock and the event loop
 * @param hardStop     ends a session whose hard stop came (persist, then {@link LiveSessions#ended})
 * @param recording    the tenant's recording rules, consent text and recorder
 */
record LiveSessionContext(WireCodec codec, TokenMinter minter, ScheduledExecutorService timers, Clock clock,
                          Duration reconnectGrace, int replayEvents, int heartbeatSeconds, RoomPolicy policy,
                          TurnCredentials turn, SessionObserver observer, Consumer<Booking> recordStatus,
                          Consumer<LiveSession> hardStop, Consumer<LiveSession> retirer, RecordingSetup recording) {

    void retire(LiveSession session) {
        retirer.accept(session);
    }
}
