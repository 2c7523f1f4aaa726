package se.samtal.audit;

import java.util.Optional;

/** How an audited act ended. */
public enum Outcome {
    /** It happened: the data was shown, the change was made. */
    SUCCESS("success"),
    /** It was refused (authentication, authorization, or the request itself); nothing was shown or changed. */
    REFUSED("refused"),
    /** It failed on samtal's side. */
    FAILED("failed");

    private final String wire;

    Outcome(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<Outcome> fromWire(String wire) {
        for (Outcome o : values()) {
            if (o.wire.equals(wire)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }
}
