package se.samtal.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a participant is, as everyone else in the session sees it.
 *
 * <ul>
 *   <li>{@code joined}: connected and active.</li>
 *   <li>{@code away}: connected, but says it is not looking (tab hidden, app in background).</li>
 *   <li>{@code reconnecting}: the connection dropped without a goodbye; the participant keeps
 *       their place for the reconnect grace period.</li>
 *   <li>{@code disconnected}: the grace period passed without a reconnect.</li>
 *   <li>{@code left}: the participant said {@code leave}.</li>
 * </ul>
 */
public enum PresenceState {
    JOINED, AWAY, RECONNECTING, DISCONNECTED, LEFT;

    @JsonValue
    public String wire() {
        return WireNames.of(this);
    }

    @JsonCreator
    public static PresenceState fromWire(String wire) {
        return WireNames.lookup(values(), wire);
    }

    /** Whether the participant has a live connection. */
    public boolean isConnected() {
        return this == JOINED || this == AWAY;
    }
}
