package se.samtal.chat.conversation;

import java.util.Locale;

/** Session chat lives inside a video session; a care conversation lives on its own, for as long as the care does. */
public enum ConversationKind {
    SESSION, CARE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ConversationKind fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
