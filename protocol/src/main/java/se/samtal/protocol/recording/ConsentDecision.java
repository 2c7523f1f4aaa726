package se.samtal.protocol.recording;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import se.samtal.protocol.WireNames;

/**
 * An answer in {@code recording.consent}: {@code give} (yes), {@code refuse} (no),
 * {@code withdraw} (take a yes back), {@code reopen} (open one's own no again, to answer anew).
 * A no always works: refusing after a yes withdraws it, withdrawing before a yes refuses.
 */
public enum ConsentDecision {
    GIVE, REFUSE, WITHDRAW, REOPEN;

    @JsonValue
    public String wire() {
        return WireNames.of(this);
    }

    @JsonCreator
    public static ConsentDecision fromWire(String wire) {
        return WireNames.lookup(values(), wire);
    }
}
