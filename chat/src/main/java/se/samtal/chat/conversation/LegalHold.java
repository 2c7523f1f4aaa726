package se.samtal.chat.conversation;

import java.time.Instant;

/**
 * A conversation on legal hold is never purged or deleted until the hold is lifted (a complaint,
 * an inquiry by IVO, a court case).
 *
 * @param reason the provider's note, at most {@link #MAX_REASON_LENGTH} characters; never logged
 */
public record LegalHold(Instant since, String reason) {
    public static final int MAX_REASON_LENGTH = 500;
}
