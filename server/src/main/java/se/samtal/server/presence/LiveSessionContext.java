package se.samtal.server.presence;

import se.samtal.protocol.WireCodec;
import se.samtal.server.auth.TokenMinter;
import se.samtal.server.booking.Booking;
import se.samtal.server.recording.RecordingSetup;
import se.samtal.signalling.ice.TurnCredentials;
import se.samtal.signalling.room.RoomPolicy;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What the changes of live sessions need from their surroundings.
 *
 * @param recordStatus persists a booking's new status (open, in progress), off the lock and the event loop
 * @param hardStop     ends a session whose hard stop came (persist, then {@link LiveSessions#ended})
 * @param policyOf     a tenant's rules for its visits
 * @param turnOf       a tenant's TURN credentials
 * @param recordingOf  a tenant's recording rules, consent text and recorder
 * @param recorderReports where the recorder's reports go (from any thread)
 */
public record LiveSessionContext(WireCodec codec, TokenMinter minter, Clock clock, Duration reconnectGrace,
                                 int heartbeatSeconds, SessionObserver observer, Consumer<Booking> recordStatus,
                                 Consumer<SessionKey> hardStop, Function<String, RoomPolicy> policyOf,
                                 Function<String, TurnCredentials> turnOf, Function<String, RecordingSetup> recordingOf,
                                 SessionRecording.Reports recorderReports) {

    RoomPolicy policy(String tenantId) {
        return policyOf.apply(tenantId);
    }
}
