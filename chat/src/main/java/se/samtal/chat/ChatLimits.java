package se.samtal.chat;

/**
 * The bounds chat keeps to (configured under {@code chat:}; defaults in {@link #DEFAULTS} and
 * docs/operations.md).
 *
 * @param maxMessageChars      longest message, in characters (code points)
 * @param pageSize             messages in a page when the client does not say
 * @param maxPageSize          most messages in one page, also when resuming
 * @param maxPageBytes         past the first message, most bytes of text (UTF-8) in one page
 * @param maxMembers           current members of one conversation
 * @param typingMillis         how long a typing indication lasts unless renewed
 * @param maxExportMessages    most messages in one export response
 */
public record ChatLimits(int maxMessageChars, int pageSize, int maxPageSize, int maxPageBytes, int maxMembers,
                         int typingMillis, int maxExportMessages) {

    public static final ChatLimits DEFAULTS = new ChatLimits(4000, 50, 100, 256 * 1024, 50, 6000, 5000);
}
