package se.samtal.protocol;

import java.util.Locale;

/** The wire spelling of samtal's enums: the constant's name in lower case. */
public final class WireNames {
    private WireNames() {
    }

    public static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /** The constant whose wire name is {@code wire}, or {@code null} if none is. */
    public static <E extends Enum<E>> E lookup(E[] constants, String wire) {
        if (wire == null) {
            return null;
        }
        for (E constant : constants) {
            if (of(constant).equals(wire)) {
                return constant;
            }
        }
        return null;
    }
}
