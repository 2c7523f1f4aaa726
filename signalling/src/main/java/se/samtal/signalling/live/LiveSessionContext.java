package se.samtal.signalling.live;

import se.samtal.signalling.call.bridge.MediaBridge;
import se.samtal.signalling.call.bridge.BridgeReport;
import se.samtal.signalling.visit.Booking;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What the changes of live sessions need from their surroundings: the same for every session of
 * a node, and for states restored from where they are kept (cluster mode).
 *
 * @param rules           each tenant's rules for its sessions
 * @param ids             new participant, stream and recording ids
 * @param reconnectGrace  how long someone who dropped keeps their place
 * @param recordStatus    persists a booking's new status (open, in progress), off the lock and the event loop
 * @param hardStop        ends a session whose hard stop came (persist, then {@link LiveSessions#ended})
 * @param recorderReports where the recorder's reports go (from any thread)
 * @param bridge          the video bridge (or {@link MediaBridge#NONE})
 * @param bridgeReports   where the bridge's reports go (from any thread)
 */
public record LiveSessionContext(Clock clock, TenantRules rules, IdSource ids, Duration reconnectGrace, SessionObserver observer,
                                 Consumer<Booking> recordStatus, Consumer<SessionKey> hardStop,
                                 SessionRecording.Reports recorderReports, MediaBridge bridge, BridgeReports bridgeReports) {

    /** Where a video bridge's reports about a session's call go (from any thread). */
    @FunctionalInterface
    public interface BridgeReports {
        void report(SessionKey key, BridgeReport report);
    }
}
