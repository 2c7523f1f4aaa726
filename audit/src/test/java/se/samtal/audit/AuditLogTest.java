package se.samtal.audit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import se.samtal.audit.chain.ChainHash;
import se.samtal.audit.chain.EntryCodec;
import se.samtal.audit.retention.AuditRetention;
import se.samtal.audit.store.AuditStore;
import se.samtal.audit.store.sqlite.SqliteAuditStore;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static se.samtal.audit.store.AuditFixtures.OTHER_TENANT;
import static se.samtal.audit.store.AuditFixtures.T0;
import static se.samtal.audit.store.AuditFixtures.TENANT;
import static se.samtal.audit.store.AuditFixtures.read;

class AuditLogTest {
    @TempDir
    Path dir;
    private SqliteAuditStore store;
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final AtomicInteger recorded = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private AuditLog audit;

    @BeforeEach
    void open() {
        store = SqliteAuditStore.open(dir.resolve("audit.db"));
        audit = new AuditLog(store, new AuditObserver() {
            @Override
            public void recorded(AuditEvent event) {
                recorded.incrementAndGet();
            }

            @Override
            public void failed(AuditEvent event) {
                failed.incrementAndGet();
            }
        });
        lines.start();
        ((Logger) LoggerFactory.getLogger(AuditLog.STREAM)).addAppender(lines);
    }

    @AfterEach
    void close() {
        ((Logger) LoggerFactory.getLogger(AuditLog.STREAM)).detachAppender(lines);
        store.close();
    }

    @Test
    void everyDurableEntryIsOneJsonLineOnTheAuditStreamThatCanBeCheckedOnItsOwn() throws Exception {
        var entry = audit.recordDurably(read(TENANT, "s_1", T0, "p-1"));

        assertThat(lines.list).hasSize(1);
        var line = new ObjectMapper().readTree(lines.list.getFirst().getFormattedMessage());
        String canonical = EntryCodec.canonicalize(line.get("entry"));
        assertThat(canonical).isEqualTo(entry.canonical());
        assertThat(line.get("hash").asText()).isEqualTo(ChainHash.of(line.get("prevHash").asText(), canonical));
        assertThat(recorded).hasValue(1);
    }

    @Test
    void anEventThatMustBeDurableFailsLoudlyWhenTheStoreCannotTakeIt() {
        var failing = new FlakyStore(store);
        failing.failing = true;
        var impatient = new AuditLog(failing, observer(), Clock.systemUTC(), 10, Duration.ofMillis(300));
        assertThatThrownBy(() -> impatient.recordDurably(read(TENANT, "s_1", T0, "p-1"))).isInstanceOf(AuditUnavailableException.class);
        assertThat(failed).hasValue(1);
        assertThat(lines.list).isEmpty();
        assertThat(impatient.isFailing()).as("the trail says it cannot record now").isTrue();
        impatient.close(Duration.ZERO);
    }

    @Test
    void aQuietSpellIsNoStallButAnEntryInFlightThatLongWithNothingDurableIs() throws Exception {
        var slow = new FlakyStore(store);
        var now = new java.util.concurrent.atomic.AtomicLong();
        var log = new AuditLog(slow, observer(), Clock.systemUTC(), 10, Duration.ofSeconds(10), now::get);
        log.record(read(TENANT, "s_1", T0, "p-1")).get();
        now.addAndGet(Duration.ofMinutes(10).toNanos()); // nothing audited for ten minutes

        slow.held = new java.util.concurrent.CompletableFuture<>();
        var inFlight = log.record(read(TENANT, "s_2", T0.plusSeconds(1), "p-1"));
        assertThat(log.isFailing()).as("an entry just handed to the store after a quiet spell").isFalse();
        now.addAndGet(AuditLog.STALLED_AFTER.toNanos() + 1);
        assertThat(log.isFailing()).as("in flight longer than the stall bound, nothing durable meanwhile").isTrue();

        slow.held.complete(null);
        assertThat(inFlight.get().seq()).isEqualTo(2);
        assertThat(log.isFailing()).isFalse();
        log.close(Duration.ZERO);
    }

    @Test
    void anEntryIsNeverGivenUpWhenTheStoreFailsButWaitsAndIsStoredInOrderOnceItWorks() throws Exception {
        var flaky = new FlakyStore(store);
        var log = new AuditLog(flaky, observer(), Clock.systemUTC(), 100, Duration.ofSeconds(10));
        flaky.failing = true; // a full disk, say
        var first = log.record(read(TENANT, "s_1", T0, "p-1"));
        var second = log.record(read(TENANT, "s_2", T0.plusSeconds(1), "p-1"));
        await().atMost(Duration.ofSeconds(5)).until(log::isFailing);
        var third = log.record(read(TENANT, "s_3", T0.plusSeconds(2), "p-1"));
        assertThat(List.of(first, second, third)).noneMatch(java.util.concurrent.CompletableFuture::isDone);

        flaky.failing = false; // space freed
        await().atMost(Duration.ofSeconds(10)).until(() -> third.isDone());
        assertThat(List.of(first.get().seq(), second.get().seq(), third.get().seq())).containsExactly(1L, 2L, 3L);
        assertThat(log.isFailing()).isFalse();
        var verification = log.verify(TENANT);
        assertThat(verification.intact()).isTrue();
        assertThat(verification.complete()).isTrue();
        assertThat(verification.checked()).isEqualTo(3);
        log.close(Duration.ZERO);
    }

    @Test
    void entriesBeyondWhatCanWaitAreLostAndAGapEntryInTheChainSaysHowMany() {
        var flaky = new FlakyStore(store);
        var log = new AuditLog(flaky, observer(), Clock.systemUTC(), 2, Duration.ofSeconds(10));
        flaky.failing = true;
        var futures = new java.util.ArrayList<java.util.concurrent.CompletableFuture<?>>();
        for (int i = 0; i < 5; i++) {
            futures.add(log.record(read(TENANT, "s_" + i, T0.plusSeconds(i), "p-1")));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> futures.stream().filter(f -> f.isCompletedExceptionally()).count() == 3);
        flaky.failing = false;
        await().atMost(Duration.ofSeconds(10)).until(() -> log.verify(TENANT).checked() == 3); // two kept, one gap entry
        var verification = log.verify(TENANT);
        assertThat(verification.intact()).isTrue();
        assertThat(verification.complete()).as("verification detects the gap").isFalse();
        assertThat(verification.gaps()).singleElement().satisfies(gap -> assertThat(gap.lost()).isEqualTo(3));
        log.close(Duration.ZERO);
    }

    private AuditObserver observer() {
        return new AuditObserver() {
            @Override
            public void recorded(AuditEvent event) {
                recorded.incrementAndGet();
            }

            @Override
            public void failed(AuditEvent event) {
                failed.incrementAndGet();
            }
        };
    }

    /** The real store, whose appends fail while {@link #failing} is set (as on a full disk). */
    private static final class FlakyStore implements AuditStore {
        private final AuditStore store;
        volatile boolean failing;
        /** Appends made while this is set wait until it is completed (a store that is slow, not failed). */
        volatile java.util.concurrent.CompletableFuture<Void> held;

        FlakyStore(AuditStore store) {
            this.store = store;
        }

        @Override
        public java.util.concurrent.CompletableFuture<se.samtal.audit.chain.AuditEntry> append(AuditEvent event) {
            if (failing) {
                return java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("disk full"));
            }
            var gate = held;
            return gate == null ? store.append(event) : gate.thenCompose(x -> store.append(event));
        }

        @Override
        public se.samtal.audit.store.AuditPage find(se.samtal.audit.store.AuditQuery query) {
            return store.find(query);
        }

        @Override
        public se.samtal.audit.store.ChainState state(String tenantId) {
            return store.state(tenantId);
        }

        @Override
        public List<se.samtal.audit.chain.StoredEntry> scan(String tenantId, long afterSeq, int limit) {
            return store.scan(tenantId, afterSeq, limit);
        }

        @Override
        public se.samtal.audit.store.PurgeResult purge(String tenantId, java.time.Instant cutoff, int limit, java.time.Instant now) {
            return store.purge(tenantId, cutoff, limit, now);
        }

        @Override
        public boolean isHealthy() {
            return !failing;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void retentionIsPerTenantAndItsPurgeRecordsGoToTheStreamToo() {
        audit.recordDurably(read(TENANT, "s_1", T0, "p-1"));
        audit.recordDurably(read(OTHER_TENANT, "s_1", T0, "p-1"));
        var clock = Clock.fixed(T0.plus(Duration.ofDays(100)), ZoneOffset.UTC);
        var retention = new AuditRetention(audit, Map.of(TENANT, Duration.ofDays(30), OTHER_TENANT, Duration.ofDays(365)), clock);

        assertThat(retention.runOnce()).containsEntry(TENANT, 1).containsEntry(OTHER_TENANT, 0);
        assertThat(lines.list).hasSize(3);
        assertThat(lines.list.getLast().getFormattedMessage()).contains("\"action\":\"audit.purged\"");
        assertThat(audit.verify(TENANT).intact()).isTrue();
        assertThat(audit.verify(TENANT).checked()).isEqualTo(1);
        assertThat(audit.verify(OTHER_TENANT).checked()).isEqualTo(1);
    }
}
