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

    /**
     * When an answer to a message written at {@code at} is due by this promise: {@code hours} and
     * {@code days} from the moment it was written; {@code workdays} by the end of the
     * {@code amount}-th working day after the day it was written (Monday to Friday, except the
     * staffed hours' closed dates), in {@code zone}.
     *
     * @param hours the staffed hours whose closed dates are not working days (null: none)
     */
    public java.time.Instant dueBy(java.time.Instant at, StaffedHours hours, java.time.ZoneId zone) {
        return switch (unit) {
            case HOURS -> at.plus(java.time.Duration.ofHours(amount));
            case DAYS -> at.plus(java.time.Duration.ofDays(amount));
            case WORKDAYS -> {
                var closed = hours == null ? java.util.List.<String>of() : hours.closedDates();
                java.time.LocalDate day = at.atZone(zone).toLocalDate();
                int left = amount;
                while (left > 0) {
                    day = day.plusDays(1);
                    if (day.getDayOfWeek().getValue() <= 5 && !closed.contains(day.toString())) {
                        left--;
                    }
                }
                yield day.plusDays(1).atStartOfDay(zone).toInstant();
            }
        };
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
