package se.samtal.signalling.live;

import se.samtal.protocol.PresenceState;
import se.samtal.protocol.Role;

/** A participant's presence and stage as the platform sees it, with their person ref: for the platform API and audit, never for clients. */
public record PresenceEntry(String participantId, String ref, Role role, PresenceState presence, String stage) {
}
