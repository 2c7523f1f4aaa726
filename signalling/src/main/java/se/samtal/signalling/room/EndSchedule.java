package se.samtal.signalling.room;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** When a visit warns that its time is nearly up, and when (if ever) it stops by itself. */
final class EndSchedule {
    private final Instant scheduledEnd;
    private final Instant warningAt;
    private final Instant hardStopAt;
    private boolean warned;

    EndSchedule(Instant scheduledEnd, Duration warning, Duration hardStopAfter) {
        this.scheduledEnd = scheduledEnd;
        this.warningAt = warning.isZero() ? null : scheduledEnd.minus(warning);
        this.hardStopAt = hardStopAfter == null ? null : scheduledEnd.plus(hardStopAfter);
    }

    boolean warned() {
        return warned;
    }

    void restoreWarned(boolean wasWarned) {
        this.warned = wasWarned;
    }

    Instant scheduledEnd() {
        return scheduledEnd;
    }

    /** Null when the session does not stop by itself. */
    Instant hardStopAt() {
        return hardStopAt;
    }

    Optional<Instant> next() {
        if (warningAt != null && !warned) {
            return Optional.of(warningAt);
        }
        return Optional.ofNullable(hardStopAt);
    }

    /** True once, the first time it is asked at or after the warning time. */
    boolean warningDue(Instant now) {
        if (warningAt == null || warned || now.isBefore(warningAt)) {
            return false;
        }
        warned = true;
        return true;
    }

    boolean hardStopDue(Instant now) {
        return hardStopAt != null && !now.isBefore(hardStopAt);
    }
}
