package se.samtal.audit.store;

import se.samtal.audit.chain.AuditEntry;
import se.samtal.audit.chain.EntryCodec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An entry a query found under its key, as stored: the time and number it is filed at, its JSON
 * and hashes. {@link #page} turns the rows of a query into the page it answers.
 */
public record FoundRow(long atMillis, long seq, String entry, String prevHash, String hash) {

    /**
     * The page for {@code query} from the rows it found in order, at most {@code limit + 1} (one
     * more tells that there is a next page). Each entry is read back from its JSON and kept only
     * if its own content says it is filed under the query's key: a filing someone added by hand
     * shows nothing of other patients' entries.
     */
    public static AuditPage page(AuditQuery query, List<FoundRow> rows) {
        boolean more = rows.size() > query.limit();
        var taken = more ? rows.subList(0, query.limit()) : rows;
        var entries = new ArrayList<AuditEntry>();
        for (FoundRow row : taken) {
            row.readFor(query).ifPresent(entries::add);
        }
        FoundRow last = taken.isEmpty() ? null : taken.getLast();
        return new AuditPage(entries, more ? new PageCursor(last.atMillis(), last.seq()) : null);
    }

    private Optional<AuditEntry> readFor(AuditQuery query) {
        try {
            var read = AuditEntry.read(seq, entry, prevHash, hash);
            boolean filedHere = read.filing().stream().anyMatch(r -> r.kind() == query.kind() && r.key().equals(query.key()));
            return filedHere && read.event().tenantId().equals(query.tenantId()) ? Optional.of(read) : Optional.empty();
        } catch (EntryCodec.MalformedEntryException e) {
            return Optional.empty();
        }
    }
}
