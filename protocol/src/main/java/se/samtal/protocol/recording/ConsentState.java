package se.samtal.protocol.recording;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import se.samtal.protocol.WireNames;

/**
 * Where one person stands on being recorded: {@code not_asked}, {@code asked} (shown the consent
 * text, not answered), {@code given}, {@code refused} (said no), {@code withdrawn} (said yes, then
 * took it back). A no is final for the session unless the one who said it opens it again.
 */
public enum ConsentState {
    NOT_ASKED, ASKED, GIVEN, REFUSED, WITHDRAWN;

    @JsonValue
    public String wire() {
        return WireNames.of(this);
    }

    @JsonCreator
    public static ConsentState fromWire(String wire) {
        return WireNames.lookup(values(), wire);
    }
}
