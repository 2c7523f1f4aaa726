package se.samtal.audit.verify;

import se.samtal.audit.chain.ChainPoint;

/**
 * What walking a tenant's chain found.
 *
 * @param checked    entries whose hashes and filing were checked
 * @param startsAfter where the kept chain starts: the anchor (the last entry retention removed), or genesis
 * @param head       the newest entry, as the store records it
 * @param firstBreak the first place the chain is broken; null if it is intact
 * @param gaps       the gap records in the chain: entries samtal could not store and had to give up
 */
public record Verification(String tenantId, long checked, ChainPoint startsAfter, ChainPoint head, Break firstBreak,
                           java.util.List<Gap> gaps) {

    public Verification {
        gaps = java.util.List.copyOf(gaps);
    }

    /** Whether the stored chain is unbroken: nothing in it was changed, removed, hidden or added. */
    public boolean intact() {
        return firstBreak == null;
    }

    /** Whether no entry was lost before it could be stored (no gap record in the chain walked). */
    public boolean complete() {
        return gaps.isEmpty();
    }

    /** Where the chain says entries were lost: the gap record's number and how many it names. */
    public record Gap(long seq, long lost) {
    }

    /** The first break: the entry it is found at, what is wrong, and a sentence for people. */
    public record Break(long seq, Reason reason, String message) {
    }

    public enum Reason {
        /** An entry that should be there is not (deleted, or the chain was cut short). */
        MISSING("missing"),
        /** The entry does not link to the one before it: it, or the one before, was changed or replaced. */
        BROKEN_LINK("broken_link"),
        /** The entry's content does not match its hash: it was changed. */
        HASH_MISMATCH("hash_mismatch"),
        /** The entry's content is not an audit entry, or belongs to another place. */
        UNREADABLE("unreadable"),
        /** The entry is not filed under exactly the patients and objects it concerns: it was hidden from, or added to, a log. */
        FILING_MISMATCH("filing_mismatch"),
        /** The recorded head does not match the chain's last entry. */
        HEAD_MISMATCH("head_mismatch"),
        /** The chain starts after an anchor that no purge record in it accounts for. */
        ANCHOR_UNRECORDED("anchor_unrecorded");

        private final String wire;

        Reason(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }
}
