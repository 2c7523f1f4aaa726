package se.samtal.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A session's life: {@code scheduled} when booked, {@code open} once someone has connected,
 * {@code in_progress} once two people have been in the call together, {@code ended} when the
 * host ends it (or it passes its hard stop), {@code cancelled} when the platform cancels it.
 * Ended and cancelled are final.
 */
public enum SessionStatus {
    SCHEDULED, OPEN, IN_PROGRESS, ENDED, CANCELLED;

    @JsonValue
    public String wire() {
        return WireNames.of(this);
    }

    @JsonCreator
    public static SessionStatus fromWire(String wire) {
        return WireNames.lookup(values(), wire);
    }

    public boolean isFinal() {
        return this == ENDED || this == CANCELLED;
    }
}
