package se.samtal.chat.store;

/**
 * What one purge round removed.
 *
 * @param more whether it stopped at its limit with more to remove
 */
public record PurgeResult(int messages, int conversations, boolean more) {
}
