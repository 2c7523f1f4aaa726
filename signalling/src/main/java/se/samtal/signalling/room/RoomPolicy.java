package se.samtal.signalling.room;

import se.samtal.protocol.Role;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * A tenant's rules for its video visits.
 *
 * @param waitingRoles     roles that wait in the waiting room until a host lets them in; the
 *                         therapist role never does. Everyone else still waits until a host is
 *                         present, then is let in by itself
 * @param coHostsMayAdmit  whether therapists other than the leading one (the first present)
 *                         may admit, deny, send back and end
 * @param maxParticipants  people holding a place at once (waiting, admitted, reconnecting)
 * @param endWarning       how long before the scheduled end everyone is warned; zero for never
 * @param hardStopAfter    if set, the session ends by itself this long after its scheduled end
 */
public record RoomPolicy(Set<Role> waitingRoles, boolean coHostsMayAdmit, int maxParticipants, Duration endWarning,
                         Duration hardStopAfter) {

    /** Patients and guests wait; co-therapists may admit; 16 people; a 5-minute warning; no hard stop. */
    public static final RoomPolicy DEFAULT = new RoomPolicy(EnumSet.of(Role.PATIENT, Role.GUEST), true, 16,
            Duration.ofMinutes(5), null);

    public RoomPolicy {
        if (waitingRoles.contains(Role.THERAPIST)) {
            throw new IllegalArgumentException("therapists (hosts) never wait");
        }
        if (maxParticipants < 2) {
            throw new IllegalArgumentException("a visit needs room for at least two people");
        }
        if (endWarning.isNegative() || (hardStopAfter != null && hardStopAfter.isNegative())) {
            throw new IllegalArgumentException("durations must not be negative");
        }
        waitingRoles = waitingRoles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(waitingRoles));
    }

    public boolean waits(Role role) {
        return waitingRoles.contains(role);
    }
}
