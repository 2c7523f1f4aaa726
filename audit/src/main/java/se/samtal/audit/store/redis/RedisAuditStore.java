package se.samtal.audit.store.redis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.resps.Tuple;
import se.samtal.audit.AuditEvent;
import se.samtal.audit.chain.AuditEntry;
import se.samtal.audit.chain.ChainPoint;
import se.samtal.audit.chain.EntryCodec;
import se.samtal.audit.chain.IndexRef;
import se.samtal.audit.chain.PurgeRecord;
import se.samtal.audit.chain.StoredEntry;
import se.samtal.audit.store.AuditPage;
import se.samtal.audit.store.AuditQuery;
import se.samtal.audit.store.AuditStore;
import se.samtal.audit.store.ChainState;
import se.samtal.audit.store.FoundRow;
import se.samtal.audit.store.PurgeResult;
import se.samtal.audit.store.RetentionCut;
import se.samtal.redis.RedisFailures;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

/**
 * The audit chains in Redis, for cluster mode: every node appends to the same chains. Appends
 * are batched per tenant by one writer thread per node ({@link RedisAppender}) and applied by a
 * Lua script as a compare-and-set on the tenant's head ({@link ChainChange}). Durability is
 * Redis's: run it with {@code appendonly yes} and {@code appendfsync always} for entries that
 * survive a crash as the embedded store's do. Reads block (call them off event loops).
 */
public final class RedisAuditStore implements AuditStore {
    /** Tries of one purge when other nodes keep moving the head (retention runs again at its next interval). */
    static final int MAX_TRIES = 32;
    /** Races for the head lost in a row before a node asks for the tenant's turn. */
    static final int LOSSES_BEFORE_TURN = 3;
    /** How long a turn lasts if its holder never uses it (it died). */
    static final long TURN_LEASE_MILLIS = 2000;
    /** The longest pause between tries while Redis does not answer. */
    static final long MAX_PAUSE_MILLIS = 1000;
    private static final int RANGE_PAGE = 256;
    private static final Logger log = LoggerFactory.getLogger(RedisAuditStore.class);

    private final UnifiedJedis redis;
    private final RedisAppender appender;
    /** This node, as the holder of a tenant's turn. */
    private final String node = "n" + java.util.UUID.randomUUID();
    /** The writer thread's idea of each tenant's head; a stale one costs one retry. */
    private final Map<String, ChainPoint> heads = new HashMap<>();
    private volatile long giveUpAtNanos = Long.MAX_VALUE;
    private volatile boolean waitingForRedis;

    /** @param redis a client the caller owns and closes after this store */
    public RedisAuditStore(UnifiedJedis redis) {
        this.redis = redis;
        this.appender = new RedisAppender(this::appendAll);
    }

    @Override
    public CompletableFuture<AuditEntry> append(AuditEvent event) {
        return appender.submit(event);
    }

    /**
     * On the writer thread: the tenant's events as one change. It never gives up while the store
     * is open: a change that lost the race for the head is built again on the new head (after a
     * few losses in a row the node takes the tenant's turn, and the others wait for it, so a node
     * whose batches take long to build is not starved by one that appends often); while Redis does
     * not answer it waits and tries again; and when an answer was lost, it looks whether the change
     * was made before making it again (an entry is never stored twice).
     */
    private List<AuditEntry> appendAll(String tenantId, List<AuditEvent> events) {
        var keys = new RedisKeys(tenantId);
        ChainPoint head = heads.get(tenantId);
        ChainChange unresolved = null;
        List<AuditEntry> unresolvedEntries = null;
        boolean haveTurn = false;
        int losses = 0;
        long pause = 1;
        while (true) {
            try {
                if (unresolved != null) {
                    boolean made = applied(keys, unresolved);
                    waitingForRedis = false;
                    if (made) {
                        heads.put(tenantId, unresolvedEntries.getLast().point());
                        return unresolvedEntries;
                    }
                    unresolved = null;
                    head = null;
                }
                if (head == null) {
                    head = state(tenantId).head();
                }
                var change = new ChainChange(keys, head, null);
                if (haveTurn) {
                    change.inTurnOf(node);
                }
                var entries = new ArrayList<AuditEntry>(events.size());
                ChainPoint previous = head;
                for (AuditEvent event : events) {
                    AuditEntry entry = AuditEntry.after(previous, event);
                    change.append(entry);
                    entries.add(entry);
                    previous = entry.point();
                }
                ChainChange.Outcome outcome;
                try {
                    outcome = ChainChange.Outcome.of(redis.eval(ChainChange.SCRIPT, change.keys(), change.args()));
                } catch (JedisException e) {
                    if (RedisFailures.outcomeUnknown(e)) {
                        unresolved = change; // it may have been made: look before making it again
                        unresolvedEntries = entries;
                    }
                    throw e;
                }
                waitingForRedis = false;
                if (outcome.applied()) {
                    heads.put(tenantId, previous);
                    return entries;
                }
                head = outcome.head();
                pause = 1;
                if (outcome.waiting()) {
                    haveTurn = false;
                    sleep(1 + java.util.concurrent.ThreadLocalRandom.current().nextLong(4));
                } else if (++losses >= LOSSES_BEFORE_TURN && !haveTurn) {
                    haveTurn = takeTurn(keys);
                }
            } catch (JedisException e) {
                if (System.nanoTime() - giveUpAtNanos > 0) {
                    heads.remove(tenantId);
                    throw new IllegalStateException("the audit store closed while Redis did not answer", e);
                }
                waitingForRedis = true;
                if (pause == 1) {
                    log.atWarn().setMessage("Redis does not take audit entries; trying again until it does")
                            .addKeyValue("tenant", tenantId).addKeyValue("batch", events.size())
                            .addKeyValue("reason", e.getMessage()).log();
                }
                head = null;
                haveTurn = false;
                sleep(pause);
                pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
            }
        }
    }

    /** Whether {@code change} was made: its first entry is stored at its number. */
    private boolean applied(RedisKeys keys, ChainChange change) {
        AuditEntry first = change.firstAppended();
        return first != null && StoredValue.of(first).equals(redis.hget(keys.entries(), Long.toString(first.seq())));
    }

    private boolean takeTurn(RedisKeys keys) {
        return "OK".equals(redis.set(keys.turn(), node, SetParams.setParams().nx().px(TURN_LEASE_MILLIS)));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private java.util.Optional<ChainPoint> apply(ChainChange change) {
        return ChainChange.conflict(redis.eval(ChainChange.SCRIPT, change.keys(), change.args()));
    }

    @Override
    public AuditPage find(AuditQuery q) {
        var keys = new RedisKeys(q.tenantId());
        String index = keys.index(q.kind(), q.key());
        long min = Math.max(q.from().toEpochMilli(), q.after() != null ? q.after().atMillis() : Long.MIN_VALUE);
        String max = "(" + q.to().toEpochMilli();
        var hits = new ArrayList<Tuple>();
        for (int offset = 0; hits.size() <= q.limit(); offset += RANGE_PAGE) {
            var range = redis.zrangeByScoreWithScores(index, Long.toString(min), max, offset, RANGE_PAGE);
            for (Tuple t : range) {
                if (hits.size() <= q.limit() && q.admits((long) t.getScore(), Long.parseLong(t.getElement()))) {
                    hits.add(t);
                }
            }
            if (range.size() < RANGE_PAGE) {
                break;
            }
        }
        if (hits.isEmpty()) {
            return new AuditPage(List.of(), null);
        }
        var values = redis.hmget(keys.entries(), hits.stream().map(t -> Long.toString(Long.parseLong(t.getElement())))
                .toArray(String[]::new));
        var rows = new ArrayList<FoundRow>();
        for (int i = 0; i < hits.size(); i++) {
            if (values.get(i) != null) {
                var stored = StoredValue.parse(values.get(i));
                rows.add(new FoundRow((long) hits.get(i).getScore(), Long.parseLong(hits.get(i).getElement()), stored.canonical(),
                        stored.prevHash(), stored.hash()));
            }
        }
        return FoundRow.page(q, rows);
    }

    @Override
    public ChainState state(String tenantId) {
        var keys = new RedisKeys(tenantId);
        var head = redis.hmget(keys.head(), "seq", "hash");
        var anchor = redis.hmget(keys.anchor(), "seq", "hash");
        return new ChainState(head.get(0) == null ? ChainPoint.GENESIS : new ChainPoint(Long.parseLong(head.get(0)), head.get(1)),
                anchor.get(0) == null ? null : new ChainPoint(Long.parseLong(anchor.get(0)), anchor.get(1)));
    }

    /** Stored entries by number from {@code afterSeq + 1}, at most {@code limit} numbers; a missing one is left out. */
    private List<StoredValueAt> read(RedisKeys keys, long afterSeq, int limit) {
        String[] fields = LongStream.rangeClosed(afterSeq + 1, afterSeq + limit).mapToObj(Long::toString).toArray(String[]::new);
        var values = redis.hmget(keys.entries(), fields);
        var found = new ArrayList<StoredValueAt>();
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) != null) {
                found.add(new StoredValueAt(afterSeq + 1 + i, StoredValue.parse(values.get(i))));
            }
        }
        return found;
    }

    private record StoredValueAt(long seq, StoredValue value) {
    }

    @Override
    public List<StoredEntry> scan(String tenantId, long afterSeq, int limit) {
        var keys = new RedisKeys(tenantId);
        var stored = read(keys, afterSeq, limit);
        // Where each entry should be filed, by its content; it counts as filed there if the set has it at its time.
        var perEntry = new ArrayList<List<Map.Entry<IndexRef, Response<Double>>>>();
        try (var pipeline = redis.pipelined()) {
            for (StoredValueAt s : stored) {
                var mine = new ArrayList<Map.Entry<IndexRef, Response<Double>>>();
                for (IndexRef ref : expectedFiling(s.value().canonical())) {
                    mine.add(Map.entry(ref, pipeline.zscore(keys.index(ref.kind(), ref.key()), RedisKeys.member(s.seq()))));
                }
                perEntry.add(mine);
            }
            pipeline.sync();
        }
        var result = new ArrayList<StoredEntry>(stored.size());
        for (int i = 0; i < stored.size(); i++) {
            Set<IndexRef> filed = new HashSet<>();
            for (var check : perEntry.get(i)) {
                Double score = check.getValue().get();
                if (score != null && score.longValue() == check.getKey().atMillis()) {
                    filed.add(check.getKey());
                }
            }
            var s = stored.get(i);
            result.add(new StoredEntry(s.seq(), s.value().canonical(), s.value().prevHash(), s.value().hash(), filed));
        }
        return result;
    }

    private static Set<IndexRef> expectedFiling(String canonical) {
        try {
            return AuditEntry.filing(EntryCodec.decode(canonical).event());
        } catch (EntryCodec.MalformedEntryException e) {
            return Set.of();
        }
    }

    @Override
    public PurgeResult purge(String tenantId, Instant cutoff, int limit, Instant now) {
        var keys = new RedisKeys(tenantId);
        for (int attempt = 0; attempt < MAX_TRIES; attempt++) {
            ChainState state = state(tenantId);
            long from = state.anchor() != null ? state.anchor().seq() : 0;
            var candidates = read(keys, from, limit);
            var change = new ChainChange(keys, state.head(), from);
            ChainPoint through = null;
            int count = 0;
            for (StoredValueAt s : candidates) {
                if (s.seq() != from + count + 1 || !RetentionCut.isBefore(s.value().canonical(), cutoff)) {
                    break;
                }
                change.remove(s.seq(), expectedFiling(s.value().canonical()));
                through = new ChainPoint(s.seq(), s.value().hash());
                count++;
            }
            if (through == null) {
                return PurgeResult.NOTHING;
            }
            change.anchor(through);
            AuditEntry record = AuditEntry.after(state.head(), PurgeRecord.event(tenantId, now, through, count, cutoff));
            change.append(record);
            if (apply(change).isEmpty()) {
                return new PurgeResult(count, count == limit, record);
            }
        }
        throw new IllegalStateException("the audit chain kept moving during a purge; gave up after " + MAX_TRIES + " tries");
    }

    @Override
    public boolean isWaiting() {
        return waitingForRedis;
    }

    @Override
    public boolean isHealthy() {
        try {
            return "PONG".equals(redis.ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Appends what is queued (waiting at most {@link RedisAppender#STOP_WAIT} for Redis), then stops. */
    @Override
    public void close() {
        giveUpAtNanos = System.nanoTime() + RedisAppender.STOP_WAIT.toNanos();
        appender.stop();
    }
}
