package se.samtal.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a session is for: a video visit, an audio-only call, or a chat. */
public enum SessionKind {
    VIDEO, AUDIO, CHAT;

    @JsonValue
    public String wire() {
        return WireNames.of(this);
    }

    @JsonCreator
    public static SessionKind fromWire(String wire) {
        return WireNames.lookup(values(), wire);
    }
}
