package se.samtal.audit.store;

import se.samtal.audit.chain.AuditEntry;

import java.util.List;

/** Entries in order, and where the next page starts (null if this is the last). */
public record AuditPage(List<AuditEntry> entries, PageCursor next) {
    public AuditPage {
        entries = List.copyOf(entries);
    }
}
