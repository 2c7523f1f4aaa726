package se.samtal.protocol.chat;

import java.time.Instant;

/**
 * A chat message as clients see it. Messages are immutable: once {@code seq} is assigned the
 * message never changes. {@code text} is plain text (line breaks as {@code \n}); clients must
 * render it as text, never as HTML.
 *
 * @param seq            its place in the conversation: 1, 2, 3, … without gaps
 * @param sender         who wrote it, as they were named when they wrote it
 * @param idempotencyKey the key the sender gave; sent only to the sender's own connections
 */
public record ChatMessageView(long seq, Instant sentAt, SenderView sender, String text, String idempotencyKey) {

    /** The author of a message: their member id in the conversation, role and display name. */
    public record SenderView(String memberId, se.samtal.protocol.Role role, String name) {
    }
}
