package se.samtal.audit.verify;

import se.samtal.audit.AuditEvent;
import se.samtal.audit.chain.AuditEntry;
import se.samtal.audit.chain.ChainHash;
import se.samtal.audit.chain.ChainPoint;
import se.samtal.audit.chain.EntryCodec;
import se.samtal.audit.chain.GapRecord;
import se.samtal.audit.chain.PurgeRecord;
import se.samtal.audit.chain.StoredEntry;
import se.samtal.audit.store.AuditStore;
import se.samtal.audit.store.ChainState;
import se.samtal.audit.verify.Verification.Break;
import se.samtal.audit.verify.Verification.Reason;


/**
 * Walks a tenant's chain from where it starts (genesis, or the anchor retention left) to its
 * head and reports the first break. For every entry: it is the next number; it links to the
 * previous entry's hash; its hash is the hash of its content; its content is an entry of this
 * tenant with this number; it is filed under exactly the patients and objects its content names.
 * At the end: the head is the last entry, and the anchor is the one the latest purge record
 * names. Gap records (entries samtal had to give up before it could store them) are collected:
 * the chain is then intact but not complete. Reads the chain in batches; blocks (run it off event loops).
 */
public final class ChainVerifier {
    static final int BATCH = 1000;

    private final AuditStore store;

    public ChainVerifier(AuditStore store) {
        this.store = store;
    }

    public Verification verify(String tenantId) {
        ChainState state = store.state(tenantId);
        ChainPoint start = state.anchor() != null ? state.anchor() : ChainPoint.GENESIS;
        ChainPoint previous = start;
        ChainPoint recordedAnchor = null;
        long checked = 0;
        var gaps = new java.util.ArrayList<Verification.Gap>();
        // The chain as it stood when the head was read: entries appended while we walk are not
        // part of this verification (a later one covers them), and must not look like a break.
        long last = state.head().seq();
        walk:
        while (previous.seq() < last) {
            var batch = store.scan(tenantId, previous.seq(), BATCH);
            for (StoredEntry stored : batch) {
                if (stored.seq() > last) {
                    break walk;
                }
                Checked result = check(tenantId, previous, stored);
                if (result.broken() != null) {
                    return new Verification(tenantId, checked, start, state.head(), result.broken(), gaps);
                }
                recordedAnchor = PurgeRecord.anchorOf(result.event()).orElse(recordedAnchor);
                GapRecord.lostOf(result.event()).ifPresent(lost -> gaps.add(new Verification.Gap(stored.seq(), lost)));
                previous = new ChainPoint(stored.seq(), stored.hash());
                checked++;
            }
            if (batch.size() < BATCH) {
                break;
            }
        }
        Break end = checkEnd(previous, state, recordedAnchor);
        return new Verification(tenantId, checked, start, state.head(), end, gaps);
    }

    /** One entry checked: the break found at it, or its content. */
    private record Checked(Break broken, AuditEvent event) {
        static Checked broken(long seq, Reason reason, String message) {
            return new Checked(new Break(seq, reason, message), null);
        }
    }

    private static Checked check(String tenantId, ChainPoint previous, StoredEntry stored) {
        long seq = stored.seq();
        if (seq != previous.seq() + 1) {
            return Checked.broken(previous.seq() + 1, Reason.MISSING, "Entry " + (previous.seq() + 1)
                    + " is missing; the next stored entry is " + seq + ".");
        }
        if (!previous.hash().equals(stored.prevHash())) {
            return Checked.broken(seq, Reason.BROKEN_LINK, "Entry " + seq + " does not link to entry " + previous.seq()
                    + ": one of them was changed or replaced.");
        }
        if (!ChainHash.of(stored.prevHash(), stored.canonical()).equals(stored.hash())) {
            return Checked.broken(seq, Reason.HASH_MISMATCH, "Entry " + seq + " does not match its hash: it was changed.");
        }
        EntryCodec.Decoded decoded;
        try {
            decoded = EntryCodec.decode(stored.canonical());
        } catch (EntryCodec.MalformedEntryException e) {
            return Checked.broken(seq, Reason.UNREADABLE, "Entry " + seq + " is not a readable audit entry.");
        }
        if (decoded.seq() != seq || !decoded.event().tenantId().equals(tenantId)) {
            return Checked.broken(seq, Reason.UNREADABLE, "Entry " + seq + " says it is another entry.");
        }
        if (!AuditEntry.filing(decoded.event()).equals(stored.filedUnder())) {
            return Checked.broken(seq, Reason.FILING_MISMATCH, "Entry " + seq
                    + " is not filed under exactly the patients and objects it concerns.");
        }
        return new Checked(null, decoded.event());
    }

    private static Break checkEnd(ChainPoint last, ChainState state, ChainPoint recordedAnchor) {
        ChainPoint head = state.head();
        if (head.seq() > last.seq()) {
            return new Break(last.seq() + 1, Reason.MISSING, "Entries " + (last.seq() + 1) + " to " + head.seq()
                    + " are missing: the chain ends at " + last.seq() + ".");
        }
        if (!head.equals(last)) {
            return new Break(head.seq(), Reason.HEAD_MISMATCH, "The recorded head (entry " + head.seq()
                    + ") is not the chain's last entry (" + last.seq() + ").");
        }
        ChainPoint anchor = state.anchor();
        if (anchor != null && !anchor.equals(recordedAnchor)) {
            return new Break(anchor.seq(), Reason.ANCHOR_UNRECORDED, "The chain starts after entry " + anchor.seq()
                    + ", but no purge record in it says so.");
        }
        return null;
    }
}
