package se.samtal.audit.chain;

import se.samtal.audit.AuditEvent;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * An event in its tenant's chain: its sequence number (1, 2, 3, … per tenant), its canonical
 * form (what is hashed and stored), the previous entry's hash and its own.
 */
public record AuditEntry(long seq, AuditEvent event, String canonical, String prevHash, String hash) {

    /** The entry after {@code previous}: numbered, serialized and linked. */
    public static AuditEntry after(ChainPoint previous, AuditEvent event) {
        long seq = previous.seq() + 1;
        String canonical = EntryCodec.canonical(seq, event);
        return new AuditEntry(seq, event, canonical, previous.hash(), ChainHash.of(previous.hash(), canonical));
    }

    /** An entry as stored, read back; its content is trusted only as far as verification says. */
    public static AuditEntry read(long seq, String canonical, String prevHash, String hash) {
        var decoded = EntryCodec.decode(canonical);
        return new AuditEntry(seq, decoded.event(), canonical, prevHash, hash);
    }

    public ChainPoint point() {
        return new ChainPoint(seq, hash);
    }

    /** Where a store files this entry: under each patient it concerns and each key of its object. */
    public Set<IndexRef> filing() {
        return filing(event);
    }

    public static Set<IndexRef> filing(AuditEvent event) {
        long at = event.at().toEpochMilli();
        var refs = new LinkedHashSet<IndexRef>();
        for (String patient : event.patients()) {
            refs.add(new IndexRef(IndexRef.Kind.PATIENT, patient, at));
        }
        if (event.object() != null) {
            for (String key : event.object().keys()) {
                refs.add(new IndexRef(IndexRef.Kind.OBJECT, key, at));
            }
        }
        return refs;
    }
}
