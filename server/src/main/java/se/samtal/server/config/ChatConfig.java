package se.samtal.server.config;

import se.samtal.chat.ChatLimits;

import java.time.Duration;

/**
 * Bounds of chat, the same for every tenant (what a tenant decides is in its {@code chat:}).
 *
 * @param maxMessageChars      longest message, in characters
 * @param messagesPerMinute    messages per person, sustained, across their conversations
 * @param messageBurst         messages per person in a burst above the sustained rate
 * @param typingInterval       at most one typing indication per member and conversation this often
 * @param pageSize             history messages per page when the client does not say
 * @param maxPageSize          most history messages per page (also when resuming)
 * @param maxMembers           current members of one conversation
 * @param maxExportMessages    most messages in one export response
 * @param purgeInterval        how often the retention purge runs
 */
public record ChatConfig(Integer maxMessageChars, Integer messagesPerMinute, Integer messageBurst, Duration typingInterval,
                         Integer pageSize, Integer maxPageSize, Integer maxMembers, Integer maxExportMessages,
                         Duration purgeInterval) {

    /** Past the first message, most bytes of text (UTF-8) in one history page (keeps a reply well under the outbound queue). */
    static final int MAX_PAGE_BYTES = 256 * 1024;
    /** How long a typing indication lasts unless renewed. */
    static final int TYPING_MILLIS = 6000;

    public ChatConfig {
        var d = ChatLimits.DEFAULTS;
        maxMessageChars = maxMessageChars != null ? maxMessageChars : d.maxMessageChars();
        messagesPerMinute = messagesPerMinute != null ? messagesPerMinute : 30;
        messageBurst = messageBurst != null ? messageBurst : 10;
        typingInterval = typingInterval != null ? typingInterval : Duration.ofSeconds(3);
        pageSize = pageSize != null ? pageSize : d.pageSize();
        maxPageSize = maxPageSize != null ? maxPageSize : d.maxPageSize();
        maxMembers = maxMembers != null ? maxMembers : d.maxMembers();
        maxExportMessages = maxExportMessages != null ? maxExportMessages : d.maxExportMessages();
        purgeInterval = purgeInterval != null ? purgeInterval : Duration.ofHours(1);
    }

    static ChatConfig defaults() {
        return new ChatConfig(null, null, null, null, null, null, null, null, null);
    }

    /** The limits for the chat engine (open conversations are bounded per tenant, in {@code tenants[].chat}). */
    public ChatLimits limits() {
        return new ChatLimits(maxMessageChars, pageSize, maxPageSize, MAX_PAGE_BYTES, maxMembers, TYPING_MILLIS,
                maxExportMessages);
    }

    void validate(Problems problems) {
        problems.range(maxMessageChars, 1, 10_000, "chat.maxMessageChars");
        problems.range(messagesPerMinute, 1, 6000, "chat.messagesPerMinute");
        problems.range(messageBurst, 1, 1000, "chat.messageBurst");
        problems.positive(typingInterval, "chat.typingInterval");
        problems.range(pageSize, 1, 100, "chat.pageSize");
        problems.range(maxPageSize, 1, 100, "chat.maxPageSize");
        if (pageSize > maxPageSize) {
            problems.add("chat.pageSize", "must not be larger than chat.maxPageSize");
        }
        problems.range(maxMembers, 2, 500, "chat.maxMembers");
        problems.range(maxExportMessages, 1, 100_000, "chat.maxExportMessages");
        problems.positive(purgeInterval, "chat.purgeInterval");
    }
}
