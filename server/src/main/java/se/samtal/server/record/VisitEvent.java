package se.samtal.server.record;

import se.samtal.protocol.MediaState;
import se.samtal.protocol.PresenceState;
import se.samtal.protocol.Role;
import se.samtal.protocol.Stage;

import java.time.Instant;

/**
 * One thing that happened in a visit, as the visit log keeps it: when, and what. Ids and roles
 * only; the person's reference and display name are in {@link Arrived} alone, so a record can
 * name people when the platform asks, and leave them out otherwise.
 */
public sealed interface VisitEvent {

    /** When it happened, on the server's clock. */
    Instant at();

    /** Someone arrived: the first time, or again after having left or been disconnected. */
    record Arrived(Instant at, String participantId, Role role, String ref, String name) implements VisitEvent {
    }

    /** How a participant stands after a change: presence, stage and media. */
    record Changed(Instant at, String participantId, Role role, PresenceState presence, Stage stage, MediaState media)
            implements VisitEvent {
    }

    /** Let in from the waiting room after {@code waitedMillis}, by the host {@code by} (null: by the room's own rules). */
    record Admitted(Instant at, String participantId, long waitedMillis, String by) implements VisitEvent {
    }

    /** Gone for good: {@code left}, {@code disconnected} or {@code denied}. */
    record Left(Instant at, String participantId, String reason) implements VisitEvent {
    }

    /** The session's recording state changed: the rules' phase, what the recorder confirmed, and why. */
    record Recording(Instant at, String phase, String recorder, String reason) implements VisitEvent {
    }

    /** A message was written in the session's chat by someone in {@code role}. */
    record ChatMessage(Instant at, Role role) implements VisitEvent {
    }

    /** The session ended: {@code ended_by_host}, {@code cancelled}, {@code scheduled_end}. */
    record Ended(Instant at, String reason) implements VisitEvent {
    }
}
