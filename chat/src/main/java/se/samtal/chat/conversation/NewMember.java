package se.samtal.chat.conversation;

import se.samtal.protocol.Role;

/** A person to add to a conversation: the platform's reference for them, their role, and their display name. */
public record NewMember(String ref, Role role, String name) {
}
