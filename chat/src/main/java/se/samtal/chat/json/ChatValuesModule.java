package se.samtal.chat.json;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.module.SimpleModule;
import se.samtal.chat.expectation.ReplyWithin;

/**
 * How Jackson reads and writes chat's values where they travel as JSON (the stores' settings, the
 * bus between nodes, and the server's configuration and API bodies), without the values knowing
 * Jackson: a reply time's unit is its wire word ({@code hours}, {@code days}, {@code workdays}),
 * and any other word is refused with the unit's own message.
 */
public final class ChatValuesModule extends SimpleModule {

    public ChatValuesModule() {
        super("samtal-chat-values");
        setMixInAnnotation(ReplyWithin.Unit.class, UnitAsWord.class);
    }

    /** The annotations {@link ReplyWithin.Unit} would carry if it knew Jackson. */
    private abstract static class UnitAsWord {
        @JsonValue
        abstract String wire();

        @JsonCreator
        static ReplyWithin.Unit fromWire(String wire) {
            return ReplyWithin.Unit.fromWire(wire);
        }
    }
}
