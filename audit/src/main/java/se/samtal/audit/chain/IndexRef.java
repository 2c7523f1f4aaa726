package se.samtal.audit.chain;

/**
 * Where a store files an entry to find it again: under a patient's ref or an object's key
 * ({@code session:s_…}, {@code conversation:cv_…}), at the entry's time in milliseconds.
 * Verification checks that each entry is filed exactly where its content says, so an entry
 * cannot be hidden from a patient's log without the chain showing it.
 */
public record IndexRef(Kind kind, String key, long atMillis) {
    public enum Kind { PATIENT, OBJECT }
}
