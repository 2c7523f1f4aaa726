package se.samtal.audit.chain;

import java.util.Set;

/**
 * An entry exactly as a store holds it, for verification: its number, its stored JSON and
 * hashes, and where the store has it filed (the index refs under which a query would find it).
 */
public record StoredEntry(long seq, String canonical, String prevHash, String hash, Set<IndexRef> filedUnder) {
    public StoredEntry {
        filedUnder = Set.copyOf(filedUnder);
    }
}
