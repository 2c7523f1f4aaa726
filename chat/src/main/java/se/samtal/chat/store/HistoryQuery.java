package se.samtal.chat.store;

/**
 * Which messages to read: those after {@code afterSeq}, or the newest ones before
 * {@code beforeSeq}, or (neither) the newest ones. At most {@code limit} messages and, past the
 * first, at most {@code maxChars} characters of text in all.
 */
public record HistoryQuery(Long beforeSeq, Long afterSeq, int limit, int maxChars) {

    public HistoryQuery {
        if (beforeSeq != null && afterSeq != null) {
            throw new IllegalArgumentException("beforeSeq and afterSeq exclude each other");
        }
    }

    public static HistoryQuery latest(int limit, int maxChars) {
        return new HistoryQuery(null, null, limit, maxChars);
    }

    public static HistoryQuery after(long seq, int limit, int maxChars) {
        return new HistoryQuery(null, seq, limit, maxChars);
    }

    public static HistoryQuery before(long seq, int limit, int maxChars) {
        return new HistoryQuery(seq, null, limit, maxChars);
    }
}
