package se.samtal.signalling.live;

import se.samtal.signalling.call.Call;
import se.samtal.signalling.call.CallLimits;
import se.samtal.signalling.call.GroupCall;
import se.samtal.signalling.ice.TurnCredentials;
import se.samtal.signalling.room.RoomPolicy;

/**
 * A tenant's rules for its live sessions, as the server's configuration has them. Looked up for
 * every change of a session, so cheap and never blocking.
 */
public interface TenantRules {

    /** Who waits, who admits, how many, when the end is near. */
    RoomPolicy roomPolicy(String tenantId);

    /** Its STUN and TURN servers, with credentials made for one participant at a time. */
    TurnCredentials turn(String tenantId);

    /** Its recording rules, consent text and recorder. */
    RecordingSetup recording(String tenantId);

    /** How its sessions' calls are made: group calls with its limits (by default twelve people, four in a mesh, no bridge). */
    default Call.Factory calls(String tenantId) {
        return GroupCall.factory(CallLimits.defaults(false));
    }
}
