package se.samtal.chat.store;

import se.samtal.chat.message.Message;

import java.util.List;

/**
 * Messages in ascending order.
 *
 * @param more         there are more in the direction read (older for a before/latest read, newer for an after read)
 * @param historyStart the oldest sequence number the reader can read (retention, or when they joined)
 * @param lastSeq      the newest sequence number of the conversation
 */
public record HistoryPage(List<Message> messages, boolean more, long historyStart, long lastSeq) {
}
