package se.samtal.audit.store.redis;

import se.samtal.audit.chain.AuditEntry;
import se.samtal.audit.chain.ChainPoint;
import se.samtal.audit.chain.IndexRef;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One atomic change of a tenant's chain in Redis, built in Java and applied by {@code apply.lua}
 * only if the chain is still where the change was built on: entries removed (retention) and
 * appended, the anchor and head moved. Hashes are computed here (Redis's Lua has no SHA-256);
 * the script's check of the head makes the append a compare-and-set, so nodes appending to one
 * tenant at once never fork the chain: the one that lost reads the new head and builds again.
 */
final class ChainChange {
    static final String SCRIPT = load();

    private final RedisKeys keys;
    private final ChainPoint expectedHead;
    private final Long expectedAnchor;
    private final Map<String, Integer> positions = new LinkedHashMap<>();
    private final List<String> removals = new ArrayList<>();
    private final List<String> appends = new ArrayList<>();
    private int removed;
    private int appended;
    private ChainPoint newHead;
    private ChainPoint newAnchor;
    private String turn = "";
    private AuditEntry firstAppended;

    /** @param expectedAnchor the anchor's seq the change was built on (0: none), or null not to check it */
    ChainChange(RedisKeys keys, ChainPoint expectedHead, Long expectedAnchor) {
        this.keys = keys;
        this.expectedHead = expectedHead;
        this.newHead = expectedHead;
        this.expectedAnchor = expectedAnchor;
    }

    void remove(long seq, Set<IndexRef> filing) {
        removals.add(Long.toString(seq));
        removals.add(RedisKeys.member(seq));
        addPositions(removals, filing);
        removed++;
    }

    /** The change is made by {@code node}, which holds the tenant's turn. */
    void inTurnOf(String node) {
        turn = node;
    }

    void append(AuditEntry entry) {
        if (firstAppended == null) {
            firstAppended = entry;
        }
        appends.add(Long.toString(entry.seq()));
        appends.add(StoredValue.of(entry));
        appends.add(Long.toString(entry.event().at().toEpochMilli()));
        appends.add(RedisKeys.member(entry.seq()));
        addPositions(appends, entry.filing());
        appended++;
        newHead = entry.point();
    }

    void anchor(ChainPoint anchor) {
        newAnchor = anchor;
    }

    private void addPositions(List<String> args, Set<IndexRef> filing) {
        args.add(Integer.toString(filing.size()));
        for (IndexRef ref : filing) {
            args.add(Integer.toString(positions.computeIfAbsent(keys.index(ref.kind(), ref.key()), k -> positions.size() + 5)));
        }
    }

    List<String> keys() {
        var all = new ArrayList<>(List.of(keys.head(), keys.anchor(), keys.entries(), keys.turn()));
        all.addAll(positions.keySet());
        return all;
    }

    List<String> args() {
        var args = new ArrayList<String>();
        args.add(Long.toString(expectedHead.seq()));
        args.add(expectedHead.hash());
        args.add(expectedAnchor == null ? "" : Long.toString(expectedAnchor));
        args.add(newAnchor == null ? "" : Long.toString(newAnchor.seq()));
        args.add(newAnchor == null ? "" : newAnchor.hash());
        args.add(Long.toString(newHead.seq()));
        args.add(newHead.hash());
        args.add(Integer.toString(removed));
        args.add(Integer.toString(appended));
        args.add(turn);
        args.addAll(removals);
        args.addAll(appends);
        return args;
    }

    /** The first entry this change appends (to tell afterwards whether it was applied), or null. */
    AuditEntry firstAppended() {
        return firstAppended;
    }

    /**
     * What the script answered.
     *
     * @param applied whether the change was made
     * @param head    when not: the head the chain has now
     * @param waiting when not: another node holds the turn
     */
    record Outcome(boolean applied, ChainPoint head, boolean waiting) {
        static Outcome of(Object reply) {
            var list = (List<?>) reply;
            if (((Long) list.get(0)) == 1L) {
                return new Outcome(true, null, false);
            }
            var head = new ChainPoint(Long.parseLong((String) list.get(1)), (String) list.get(2));
            return new Outcome(false, head, list.size() > 3);
        }
    }

    /** What the script answered: empty when the change was applied, or the head the chain has now when it had moved on. */
    static Optional<ChainPoint> conflict(Object reply) {
        var outcome = Outcome.of(reply);
        return outcome.applied() ? Optional.empty() : Optional.of(outcome.head());
    }

    private static String load() {
        try (InputStream in = ChainChange.class.getResourceAsStream("apply.lua")) {
            if (in == null) {
                throw new IllegalStateException("apply.lua is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
