package se.samtal.chat.store;

/**
 * Which messages to read: those after {@code afterSeq}, or the newest ones before
 * {@code beforeSeq}, or (neither) the newest ones. At most {@code limit} messages and, past the
 * first, at most {@code maxBytes} bytes of text in all (UTF-8, as they travel).
 */
public record HistoryQuery(Long beforeSeq, Long afterSeq, int limit, int maxBytes) {

    public HistoryQuery {
        if (beforeSeq != null && afterSeq != null) {
            throw new IllegalArgumentException("beforeSeq and afterSeq exclude each other");
        }
    }

    public static HistoryQuery latest(int limit, int maxBytes) {
        return new HistoryQuery(null, null, limit, maxBytes);
    }

    public static HistoryQuery after(long seq, int limit, int maxBytes) {
        return new HistoryQuery(null, seq, limit, maxBytes);
    }

    public static HistoryQuery before(long seq, int limit, int maxBytes) {
        return new HistoryQuery(seq, null, limit, maxBytes);
    }
}
