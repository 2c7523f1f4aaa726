package se.samtal.signalling.visit;

import se.samtal.protocol.Role;

/** Someone the platform expects in a session: its person ref, their role and display name. */
public record ExpectedParticipant(String ref, Role role, String name) {
}
