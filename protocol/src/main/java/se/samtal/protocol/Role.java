package se.samtal.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Who someone is in a session. Therapists are hosts; everyone else is a guest of theirs. */
public enum Role {
    THERAPIST, PATIENT, GUARDIAN, RELATIVE, INTERPRETER, GUEST, OBSERVER, BOT;

    @JsonValue
    public String wire() {
        return WireNames.of(this);
    }

    /** Parses a wire string; {@code null} for anything unknown. */
    @JsonCreator
    public static Role fromWire(String wire) {
        return WireNames.lookup(values(), wire);
    }

    /** Hosts run the session: they admit people from the waiting room and may end it. Hosts never wait. */
    public boolean isHost() {
        return this == THERAPIST;
    }
}
