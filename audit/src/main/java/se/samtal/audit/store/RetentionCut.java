package se.samtal.audit.store;

import se.samtal.audit.chain.EntryCodec;

import java.time.Instant;

/** Which entries retention may remove: those whose own time (read from their JSON) is before the cutoff. */
public final class RetentionCut {
    private RetentionCut() {
    }

    /**
     * Whether the stored entry is older than {@code cutoff}. An entry that cannot be read is
     * never removed: retention stops there and verification names it.
     */
    public static boolean isBefore(String entryJson, Instant cutoff) {
        try {
            return EntryCodec.decode(entryJson).event().at().isBefore(cutoff);
        } catch (EntryCodec.MalformedEntryException e) {
            return false;
        }
    }
}
