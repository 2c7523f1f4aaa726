package se.samtal.audit.store.redis;

import se.samtal.audit.chain.AuditEntry;

/**
 * An entry as the {@code entries} hash holds it: {@code "<prevHash> <hash> <canonical json>"}
 * (hashes are hex, so the first two spaces split it).
 */
record StoredValue(String prevHash, String hash, String canonical) {

    static String of(AuditEntry entry) {
        return entry.prevHash() + " " + entry.hash() + " " + entry.canonical();
    }

    /** The parts of a stored value; a value not in this shape reads as an empty entry, which verification reports. */
    static StoredValue parse(String value) {
        String[] parts = value.split(" ", 3);
        return parts.length == 3 ? new StoredValue(parts[0], parts[1], parts[2]) : new StoredValue("", "", value);
    }
}
