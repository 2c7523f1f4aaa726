package se.samtal.chat.conversation;

import java.util.Locale;

/** An open conversation takes new messages; a closed one can still be read and exported. */
public enum ConversationStatus {
    OPEN, CLOSED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ConversationStatus fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
