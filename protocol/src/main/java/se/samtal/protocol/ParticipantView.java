package se.samtal.protocol;

/**
 * A participant as the others in a session see them. {@code participantId} is samtal's id for
 * this person in this session (stable across reconnects); the platform's person reference is
 * never sent to other participants.
 */
public record ParticipantView(String participantId, Role role, String name, PresenceState presence) {
}
