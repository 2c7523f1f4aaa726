package se.samtal.audit.store.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import se.samtal.audit.chain.AuditEntry;
import se.samtal.audit.chain.ChainPoint;
import se.samtal.audit.chain.IndexRef;
import se.samtal.audit.store.AuditStore;
import se.samtal.audit.store.AuditStoreContract;
import se.samtal.audit.verify.ChainVerifier;
import se.samtal.redis.testing.RedisServer;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samtal.audit.store.AuditFixtures.T0;
import static se.samtal.audit.store.AuditFixtures.TENANT;
import static se.samtal.audit.store.AuditFixtures.read;

/**
 * The contract against Redis: one real redis-server for the class, emptied before each test.
 * Tampering writes straight to Redis's keys with a client of its own.
 */
class RedisAuditStoreTest extends AuditStoreContract {
    private static RedisServer server;
    private RedisClient redis;
    private RedisClient outsider;
    private RedisAuditStore store;

    @BeforeAll
    static void startRedis() {
        server = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    @BeforeEach
    void open() {
        redis = RedisClient.create(URI.create(server.url()));
        outsider = RedisClient.create(URI.create(server.url()));
        outsider.flushAll();
        store = new RedisAuditStore(redis);
    }

    @AfterEach
    void close() {
        store.close();
        redis.close();
        outsider.close();
    }

    @Override
    protected AuditStore store() {
        return store;
    }

    @Override
    protected void overwrite(String tenantId, long seq, String canonical, String hash) {
        var keys = new RedisKeys(tenantId);
        var old = StoredValue.parse(outsider.hget(keys.entries(), Long.toString(seq)));
        outsider.hset(keys.entries(), Long.toString(seq), old.prevHash() + " " + hash + " " + canonical);
    }

    @Override
    protected void delete(String tenantId, long seq) {
        outsider.hdel(new RedisKeys(tenantId).entries(), Long.toString(seq));
    }

    @Override
    protected void unfile(String tenantId, long seq, IndexRef ref) {
        outsider.zrem(new RedisKeys(tenantId).index(ref.kind(), ref.key()), RedisKeys.member(seq));
    }

    @Override
    protected void setAnchor(String tenantId, ChainPoint anchor) {
        outsider.hset(new RedisKeys(tenantId).anchor(), Map.of("seq", Long.toString(anchor.seq()), "hash", anchor.hash()));
    }

    @Test
    void twoNodesAppendingToOneTenantAtOnceKeepOneUnbrokenChain() {
        try (var otherClient = RedisClient.create(URI.create(server.url())); var otherNode = new RedisAuditStore(otherClient)) {
            var futures = new ArrayList<CompletableFuture<AuditEntry>>();
            for (int i = 0; i < 100; i++) {
                futures.add((i % 2 == 0 ? store : otherNode).append(read(TENANT, "s_1", T0.plusMillis(i), "p-1")));
            }
            List<Long> seqs = futures.stream().map(f -> f.join().seq()).sorted().toList();

            assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, 100).boxed().toList());
        }
        assertThat(new ChainVerifier(store).verify(TENANT).intact()).isTrue();
    }

    /**
     * One node appends one entry at a time as fast as Redis answers; two others queue large
     * batches for the same tenant, whose hashes take long to build, so the busy node moves the
     * head under them again and again. No entry is ever given up: every one is stored, once.
     */
    @Test
    void nodesThatKeepLosingTheRaceForTheHeadStillStoreEveryEntry() throws Exception {
        try (var client2 = RedisClient.create(URI.create(server.url())); var node2 = new RedisAuditStore(client2);
             var client3 = RedisClient.create(URI.create(server.url())); var node3 = new RedisAuditStore(client3)) {
            var busy = new java.util.concurrent.atomic.AtomicBoolean(true);
            var hot = Thread.ofPlatform().start(() -> {
                for (int i = 0; busy.get(); i++) {
                    store.append(read(TENANT, "s_hot", T0.plusMillis(i), "p-1")).join();
                }
            });
            var futures = new ArrayList<CompletableFuture<AuditEntry>>();
            for (int i = 0; i < 3000; i++) {
                futures.add((i % 2 == 0 ? node2 : node3).append(read(TENANT, "s_" + i, T0.plusMillis(i), "p-1", "p-2", "p-3")));
            }
            try {
                CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(120, java.util.concurrent.TimeUnit.SECONDS);
            } finally {
                busy.set(false);
                hot.join();
            }
            assertThat(futures).allSatisfy(f -> assertThat(f).isCompleted().isNotCompletedExceptionally());
        }
        var verification = new ChainVerifier(store).verify(TENANT);
        assertThat(verification.intact()).isTrue();
        assertThat(verification.checked()).isEqualTo(store.state(TENANT).head().seq());
    }

    @Test
    void keyNamesCarryNoPersonReferences() {
        store.append(read(TENANT, "s_1", T0, "patient-ref-4711")).join();
        assertThat(outsider.keys("*")).isNotEmpty().noneMatch(key -> key.contains("patient-ref-4711"));
    }
}
