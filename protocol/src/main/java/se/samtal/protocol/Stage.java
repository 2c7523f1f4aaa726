package se.samtal.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A participant's way through a video visit.
 *
 * <ul>
 *   <li>{@code waiting}: in the waiting room, until a host lets them in (or, for roles that do
 *       not wait, until a host is present).</li>
 *   <li>{@code admitted}: let in; may enter the call.</li>
 *   <li>{@code in_call}: in the call with their media (said {@code call.join}).</li>
 *   <li>{@code left}: gone: left, denied, or disconnected beyond the grace period.</li>
 * </ul>
 */
public enum Stage {
    WAITING, ADMITTED, IN_CALL, LEFT;

    @JsonValue
    public String wire() {
        return WireNames.of(this);
    }

    @JsonCreator
    public static Stage fromWire(String wire) {
        return WireNames.lookup(values(), wire);
    }

    /** Let in: admitted or in the call. */
    public boolean isAdmitted() {
        return this == ADMITTED || this == IN_CALL;
    }
}
