package se.samtal.signalling.visit;

import se.samtal.protocol.SessionKind;
import se.samtal.protocol.SessionStatus;

import java.time.Instant;
import java.util.List;

/**
 * A session as the platform booked it: what a live session starts from, and what the platform's
 * store keeps.
 *
 * @param externalRef  the platform's own id for the booking, for correlation; never personal data
 * @param participants who the platform expects; join links can be minted for them by ref
 */
public record Booking(String tenantId, String id, SessionKind kind, String title, SessionStatus status,
                      Instant scheduledStart, Instant scheduledEnd, String externalRef,
                      List<ExpectedParticipant> participants, Instant createdAt, Instant endedAt, String endReason) {

    public Booking {
        participants = List.copyOf(participants);
    }

    /**
     * {@code principal} with this booking's own instances of its ref and name where it is an
     * expected participant and they are equal, so that a session's places hold one copy of each
     * rather than another from every token. The values do not change.
     */
    public Principal sharingStrings(Principal principal) {
        for (var expected : participants) {
            if (expected.ref().equals(principal.ref())) {
                String name = expected.name() != null && expected.name().equals(principal.name()) ? expected.name() : principal.name();
                return new Principal(principal.tenantId(), expected.ref(), principal.role(), name, principal.guardian());
            }
        }
        return principal;
    }

    public Booking withStatus(SessionStatus newStatus, Instant at, String reason) {
        boolean ending = newStatus.isFinal();
        return new Booking(tenantId, id, kind, title, newStatus, scheduledStart, scheduledEnd, externalRef, participants,
                createdAt, ending ? at : endedAt, ending ? reason : endReason);
    }
}
