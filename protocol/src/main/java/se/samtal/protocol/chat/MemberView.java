package se.samtal.protocol.chat;

import se.samtal.protocol.Role;

/**
 * A member of a conversation as the other members see them, with their receipts: the highest
 * sequence number their devices have received ({@code deliveredSeq}) and read ({@code readSeq}).
 * {@code memberId} is samtal's id for the person in this conversation; the platform's person
 * reference is never sent to clients.
 */
public record MemberView(String memberId, Role role, String name, long deliveredSeq, long readSeq) {
}
