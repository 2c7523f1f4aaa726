package se.samtal.chat.expectation;

import java.util.Locale;

/**
 * The provider's promise of when an answer comes: "Vi svarar inom 2 vardagar". Clients turn it
 * into words in the reader's language.
 *
 * @param amount 1–365
 */
public record ReplyWithin(int amount, Unit unit) {
    public static final int MAX_AMOUNT = 365;

    public ReplyWithin {
        if (unit == null) {
            throw new IllegalArgumentException("'unit' must be hours, days or workdays");
        }
        if (amount < 1 || amount > MAX_AMOUNT) {
            throw new IllegalArgumentException("'amount' must be between 1 and " + MAX_AMOUNT);
        }
    }

    /** The unit of {@link #amount()}: working days are Monday to Friday. */
    public enum Unit {
        HOURS, DAYS, WORKDAYS;

        /** The unit as configuration, the API and the wire spell it. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The unit a wire word names; {@code IllegalArgumentException} for any other word. */
        public static Unit fromWire(String wire) {
            for (Unit unit : values()) {
                if (unit.wire().equals(wire)) {
                    return unit;
                }
            }
            throw new IllegalArgumentException("'unit' must be hours, days or workdays");
        }
    }
}
