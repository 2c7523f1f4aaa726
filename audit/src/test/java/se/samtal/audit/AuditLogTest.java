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
import se.samtal.audit.store.sqlite.SqliteAuditStore;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
        store.close();
        assertThatThrownBy(() -> audit.recordDurably(read(TENANT, "s_1", T0, "p-1"))).isInstanceOf(AuditUnavailableException.class);
        assertThat(failed).hasValue(1);
        assertThat(lines.list).isEmpty();
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
