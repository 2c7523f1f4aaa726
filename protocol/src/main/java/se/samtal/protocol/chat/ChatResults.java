package se.samtal.protocol.chat;

import java.util.List;

/** The {@code result} of the acks to chat requests. */
public final class ChatResults {
    private ChatResults() {
    }

    /**
     * The answer to {@code chat.subscribe}. Live events of the conversation follow it.
     *
     * @param memberId     your member id in the conversation
     * @param unread       messages of others after your {@code readSeq}
     * @param historyStart the oldest sequence number you can still read
     * @param messages     without {@code afterSeq}: the newest messages; with it: those after it
     * @param more         whether there are messages beyond this page ({@code chat.history} gets them)
     * @param recovered    with {@code afterSeq}: {@code true} if every message after it is still
     *                     there for you, {@code false} if some were removed (retention) or are from
     *                     before you joined
     */
    public record Subscribed(ConversationView conversation, String memberId, long deliveredSeq, long readSeq,
                             int unread, long historyStart, List<ChatMessageView> messages, boolean more,
                             Boolean recovered) {
    }

    /** The answer to {@code chat.history}: messages in ascending {@code seq}. */
    public record Page(List<ChatMessageView> messages, boolean more, long historyStart, long lastSeq) {
    }

    /**
     * The answer to {@code chat.send}, given once the message is durably stored.
     *
     * @param duplicate {@code true} if this idempotency key had been sent before: the message is
     *                  the one stored then, and nobody was sent it again
     */
    public record Sent(ChatMessageView message, boolean duplicate) {
    }

    /** The answer to {@code chat.mark}: your receipts now, and how many messages you have not read. */
    /**
     * The result of {@code chat.presence}.
     *
     * @param teamOnline whether someone of the care team is online now; null when the care provider
     *                   does not show it now (its setting, or outside staffed hours)
     * @param online     for the care team only: the member ids of the current members online now
     *                   (null for everyone else)
     */
    public record Presence(Boolean teamOnline, List<String> online) {
    }

    public record Marked(long deliveredSeq, long readSeq, int unread) {
    }
}
