package se.samtal.signalling.live.redis;

import se.samtal.redis.KeySpace;
import se.samtal.signalling.live.SessionKey;

/**
 * Names of the keys of live sessions, all in the tenant's hash slot ({@link KeySpace}): the
 * state ({@code live:<session>}), its event stream ({@code live:<session>:ev}), the tenant's
 * timers ({@code timers}) and the tenant's bus channel ({@code bus}, sharded pub/sub).
 */
public record LiveKeys(KeySpace space) {

    public String state(SessionKey key) {
        return space.tenant(key.tenantId()) + "live:" + key.sessionId();
    }

    public String stream(SessionKey key) {
        return state(key) + ":ev";
    }

    public String timers(String tenantId) {
        return space.tenant(tenantId) + "timers";
    }

    /** The tenant's channel: every change of its sessions (and its chat events) goes there. */
    public String bus(String tenantId) {
        return space.tenant(tenantId) + "bus";
    }
}
