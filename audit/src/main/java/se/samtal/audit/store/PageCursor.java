package se.samtal.audit.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** A position in a query's order: after the entry at {@code atMillis} with {@code seq}. Opaque to callers. */
public record PageCursor(long atMillis, long seq) {

    /** Whether (atMillis, seq) comes after this position. */
    public boolean isBefore(long atMillis, long seq) {
        return atMillis > this.atMillis || (atMillis == this.atMillis && seq > this.seq);
    }

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((atMillis + ":" + seq).getBytes(StandardCharsets.US_ASCII));
    }

    /** The cursor {@link #encode} wrote, or empty if {@code text} is not one. */
    public static Optional<PageCursor> decode(String text) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
            int colon = raw.indexOf(':');
            long seq = Long.parseLong(raw.substring(colon + 1));
            return seq < 1 ? Optional.empty() : Optional.of(new PageCursor(Long.parseLong(raw.substring(0, colon)), seq));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
