package se.samtal.chat.message;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A conversation's hash chain over its messages: each message's link is SHA-256 of the link
 * before it and of everything the message is (tenant, conversation, number, sender as written,
 * text, time, idempotency key). Changing, removing or inserting a message changes every link
 * after it, so a conversation whose stored links recompute from its anchor to its head has not
 * been altered since (and the heads the audit trail keeps pin it against a rewrite of the
 * whole chain). The first message of a conversation links to {@link #GENESIS}.
 */
public final class MessageChain {
    /** Bytes in a link. */
    public static final int LINK_BYTES = 32;
    /** What the first message links to: 32 zero bytes. */
    private static final byte[] GENESIS = new byte[LINK_BYTES];
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(MessageChain::sha256);

    private MessageChain() {
    }

    /** The link a conversation's first message follows. */
    public static byte[] genesis() {
        return GENESIS.clone();
    }

    /** The link of {@code message}, stored in {@code tenantId}, following {@code previous}. */
    public static byte[] next(byte[] previous, String tenantId, Message message) {
        MessageDigest digest = DIGEST.get();
        digest.reset();
        digest.update(previous);
        text(digest, tenantId);
        text(digest, message.conversationId());
        number(digest, message.seq());
        text(digest, message.senderId());
        text(digest, message.senderRole().wire());
        text(digest, message.senderName());
        text(digest, message.text());
        number(digest, message.sentAt().toEpochMilli());
        text(digest, message.idempotencyKey());
        return digest.digest();
    }

    /** A link as 64 lower-case hex digits (as the audit trail and the export show it). */
    public static String hex(byte[] link) {
        return HexFormat.of().formatHex(link);
    }

    /** Length first (−1 for null), so that no two different messages feed the same bytes. */
    private static void text(MessageDigest digest, String value) {
        if (value == null) {
            number(digest, -1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        number(digest, bytes.length);
        digest.update(bytes);
    }

    private static void number(MessageDigest digest, long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            digest.update((byte) (value >>> shift));
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
