package se.samtal.audit.store;

import org.junit.jupiter.api.Test;
import se.samtal.audit.AuditEvent;
import se.samtal.audit.chain.AuditEntry;
import se.samtal.audit.chain.ChainHash;
import se.samtal.audit.chain.ChainPoint;
import se.samtal.audit.chain.IndexRef;
import se.samtal.audit.chain.PurgeRecord;
import se.samtal.audit.chain.StoredEntry;
import se.samtal.audit.verify.ChainVerifier;
import se.samtal.audit.verify.Verification;
import se.samtal.audit.verify.Verification.Reason;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samtal.audit.store.AuditFixtures.OTHER_TENANT;
import static se.samtal.audit.store.AuditFixtures.T0;
import static se.samtal.audit.store.AuditFixtures.TENANT;
import static se.samtal.audit.store.AuditFixtures.byObject;
import static se.samtal.audit.store.AuditFixtures.byPatient;
import static se.samtal.audit.store.AuditFixtures.chat;
import static se.samtal.audit.store.AuditFixtures.read;

/**
 * What every audit store must do: numbered, linked, append-only chains per tenant; finding a
 * patient's or an object's entries by time, with paging, and nothing of other patients or
 * tenants; retention that leaves the kept chain verifiable; and verification that names the
 * entry where someone changed, removed or unfiled what the store holds. Each implementation
 * provides a fresh, empty store per test and the means to tamper with it as someone with direct
 * access to its storage would.
 */
public abstract class AuditStoreContract {

    protected abstract AuditStore store();

    /** Replaces an entry's stored JSON and hash, keeping its link to the previous entry. */
    protected abstract void overwrite(String tenantId, long seq, String canonical, String hash);

    /** Removes an entry as stored (not its filing). */
    protected abstract void delete(String tenantId, long seq);

    /** Takes an entry out of one place it is filed. */
    protected abstract void unfile(String tenantId, long seq, IndexRef ref);

    /** Sets the tenant's anchor. */
    protected abstract void setAnchor(String tenantId, ChainPoint anchor);

    private AuditEntry append(AuditEvent event) {
        return store().append(event).join();
    }

    private Verification verify(String tenantId) {
        return new ChainVerifier(store()).verify(tenantId);
    }

    private List<AuditEntry> appendMany(int count) {
        var entries = new ArrayList<AuditEntry>();
        for (int i = 0; i < count; i++) {
            entries.add(append(read(TENANT, "s_" + (i % 3), T0.plusSeconds(i), "p-" + (i % 2))));
        }
        return entries;
    }

    // ---- the chain

    @Test
    void eachTenantsChainIsNumberedInOrderAndEveryEntryLinksToTheOneBefore() {
        var futures = new ArrayList<CompletableFuture<AuditEntry>>();
        for (int i = 0; i < 30; i++) {
            futures.add(store().append(read(i % 3 == 0 ? OTHER_TENANT : TENANT, "s_1", T0.plusSeconds(i), "p-1")));
        }
        var entries = futures.stream().map(CompletableFuture::join).toList();
        var mine = entries.stream().filter(e -> e.event().tenantId().equals(TENANT)).toList();
        var theirs = entries.stream().filter(e -> e.event().tenantId().equals(OTHER_TENANT)).toList();

        assertThat(mine).extracting(AuditEntry::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, 20).boxed().toList());
        assertThat(theirs).extracting(AuditEntry::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, 10).boxed().toList());
        assertThat(mine.getFirst().prevHash()).isEqualTo(ChainPoint.GENESIS.hash());
        for (int i = 1; i < mine.size(); i++) {
            assertThat(mine.get(i).prevHash()).isEqualTo(mine.get(i - 1).hash());
            assertThat(mine.get(i).hash()).isEqualTo(ChainHash.of(mine.get(i).prevHash(), mine.get(i).canonical()));
        }
        assertThat(store().state(TENANT).head()).isEqualTo(mine.getLast().point());
        assertThat(verify(TENANT).intact()).isTrue();
        assertThat(verify(TENANT).checked()).isEqualTo(20);
        assertThat(verify(OTHER_TENANT).checked()).isEqualTo(10);
    }

    @Test
    void concurrentAppendersNeverShareOrSkipANumber() {
        try (var pool = Executors.newFixedThreadPool(4)) {
            var futures = new ArrayList<CompletableFuture<AuditEntry>>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                futures.add(CompletableFuture.supplyAsync(() -> append(read(TENANT, "s_1", T0.plusMillis(n), "p-1")), pool));
            }
            var seqs = futures.stream().map(f -> f.join().seq()).sorted().toList();
            assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
        }
        assertThat(verify(TENANT).intact()).isTrue();
    }

    @Test
    void entriesReadBackExactlyAsTheyWereRecorded() {
        AuditEvent event = chat(TENANT, "cv_1", "s_1", T0, "p-1");
        AuditEntry stored = append(event);
        var found = store().find(byPatient(TENANT, "p-1", T0, T0.plusSeconds(1), 10, null)).entries();

        assertThat(found).hasSize(1);
        assertThat(found.getFirst()).isEqualTo(stored);
        assertThat(found.getFirst().event()).isEqualTo(event);
    }

    @Test
    void entriesAppendedWhileTheChainIsVerifiedAreNotABreak() {
        appendMany(5);
        // Reads the head, then — as another thread would in a running server — appends more
        // before the walk reaches the end.
        var appendingMeanwhile = new ChainVerifier(new AuditStore() {
            private boolean appended;

            @Override
            public CompletableFuture<AuditEntry> append(AuditEvent event) {
                return store().append(event);
            }

            @Override
            public AuditPage find(AuditQuery query) {
                return store().find(query);
            }

            @Override
            public ChainState state(String tenantId) {
                return store().state(tenantId);
            }

            @Override
            public List<StoredEntry> scan(String tenantId, long afterSeq, int limit) {
                if (!appended) {
                    appended = true;
                    appendMany(3);
                }
                return store().scan(tenantId, afterSeq, limit);
            }

            @Override
            public PurgeResult purge(String tenantId, Instant cutoff, int limit, Instant now) {
                return store().purge(tenantId, cutoff, limit, now);
            }

            @Override
            public boolean isHealthy() {
                return true;
            }

            @Override
            public void close() {
            }
        });

        var verification = appendingMeanwhile.verify(TENANT);
        assertThat(verification.intact()).as(String.valueOf(verification.firstBreak())).isTrue();
        assertThat(verification.checked()).as("the chain as it stood when verification began").isEqualTo(5);
        assertThat(verify(TENANT).checked()).isEqualTo(8);
    }

    @Test
    void aChainWithoutEntriesIsIntactAndStartsAtGenesis() {
        var verification = verify("empty-tenant");
        assertThat(verification.intact()).isTrue();
        assertThat(verification.checked()).isZero();
        assertThat(verification.head()).isEqualTo(ChainPoint.GENESIS);
        assertThat(store().state("empty-tenant").anchor()).isNull();
    }

    // ---- finding

    @Test
    void aPatientsLogHoldsTheirEntriesInTheRangeInTimeOrderAndNothingOfOthers() {
        append(read(TENANT, "s_1", T0.plusSeconds(30), "p-1"));
        append(read(TENANT, "s_2", T0.plusSeconds(10), "p-1", "p-2"));
        append(read(TENANT, "s_3", T0.plusSeconds(20), "p-2"));
        append(read(OTHER_TENANT, "s_4", T0.plusSeconds(15), "p-1"));
        append(read(TENANT, "s_5", T0.plusSeconds(3600), "p-1"));

        var page = store().find(byPatient(TENANT, "p-1", T0, T0.plusSeconds(60), 10, null));

        assertThat(page.entries()).extracting(e -> e.event().object().id()).containsExactly("s_2", "s_1");
        assertThat(page.entries()).allSatisfy(e -> assertThat(e.event().tenantId()).isEqualTo(TENANT));
        assertThat(page.next()).isNull();
        assertThat(store().find(byPatient(TENANT, "p-3", T0, T0.plusSeconds(60), 10, null)).entries()).isEmpty();
        assertThat(store().find(byPatient(OTHER_TENANT, "p-2", T0, T0.plusSeconds(60), 10, null)).entries()).isEmpty();
    }

    @Test
    void pagesFollowEachOtherWithoutGapsOrRepeatsAlsoWhenTimesAreEqual() {
        for (int i = 0; i < 7; i++) {
            append(read(TENANT, "s_" + i, T0.plusSeconds(i / 3), "p-1"));
        }
        var seen = new ArrayList<String>();
        PageCursor cursor = null;
        int pages = 0;
        do {
            var page = store().find(byPatient(TENANT, "p-1", T0, T0.plusSeconds(60), 3, cursor));
            page.entries().forEach(e -> seen.add(e.event().object().id()));
            cursor = page.next();
            pages++;
        } while (cursor != null);

        assertThat(seen).containsExactly("s_0", "s_1", "s_2", "s_3", "s_4", "s_5", "s_6");
        assertThat(pages).isEqualTo(3);
        assertThat(PageCursor.decode(new PageCursor(5, 9).encode())).contains(new PageCursor(5, 9));
        assertThat(PageCursor.decode("not-a-cursor")).isEmpty();
    }

    @Test
    void aSessionsLogHoldsItsOwnEntriesAndThoseOfItsChat() {
        append(read(TENANT, "s_1", T0, "p-1"));
        append(chat(TENANT, "cv_1", "s_1", T0.plusSeconds(1), "p-1"));
        append(read(TENANT, "s_2", T0.plusSeconds(2), "p-1"));

        assertThat(store().find(byObject(TENANT, "session:s_1", 10)).entries()).extracting(e -> e.event().action().wire())
                .containsExactly("session.joined", "chat.message_sent");
        assertThat(store().find(byObject(TENANT, "conversation:cv_1", 10)).entries()).hasSize(1);
        assertThat(store().find(byObject(OTHER_TENANT, "session:s_1", 10)).entries()).isEmpty();
    }

    // ---- tampering

    @Test
    void anEntryWhoseContentWasChangedIsNamedByVerification() {
        var entries = appendMany(6);
        AuditEntry target = entries.get(3);
        overwrite(TENANT, target.seq(), target.canonical().replace("\"p-1\"", "\"p-9\""), target.hash());

        var verification = verify(TENANT);
        assertThat(verification.intact()).isFalse();
        assertThat(verification.firstBreak().seq()).isEqualTo(4);
        assertThat(verification.firstBreak().reason()).isEqualTo(Reason.HASH_MISMATCH);
        assertThat(verification.checked()).isEqualTo(3);
    }

    @Test
    void anEntryRewrittenWithAFreshHashBreaksTheLinkFromTheNext() {
        var entries = appendMany(5);
        AuditEntry target = entries.get(1);
        String forged = target.canonical().replace("\"t-1\"", "\"t-2\"");
        overwrite(TENANT, target.seq(), forged, ChainHash.of(target.prevHash(), forged));

        var broken = verify(TENANT).firstBreak();
        assertThat(broken.seq()).isEqualTo(3);
        assertThat(broken.reason()).isEqualTo(Reason.BROKEN_LINK);
    }

    @Test
    void aRemovedEntryIsNamedAlsoTheNewest() {
        appendMany(5);
        delete(TENANT, 2);
        assertThat(verify(TENANT).firstBreak()).extracting(Verification.Break::seq, Verification.Break::reason)
                .containsExactly(2L, Reason.MISSING);

        delete(TENANT, 5);
        assertThat(verify(TENANT).firstBreak().seq()).as("the first break is still the earliest").isEqualTo(2);
    }

    @Test
    void cuttingOffTheNewestEntriesIsNamed() {
        appendMany(5);
        delete(TENANT, 5);
        delete(TENANT, 4);
        var broken = verify(TENANT).firstBreak();
        assertThat(broken.seq()).isEqualTo(4);
        assertThat(broken.reason()).isEqualTo(Reason.MISSING);
    }

    @Test
    void anEntryHiddenFromAPatientsLogIsNamed() {
        var entries = appendMany(4);
        AuditEntry target = entries.get(2);
        unfile(TENANT, target.seq(), new IndexRef(IndexRef.Kind.PATIENT, "p-0", target.event().at().toEpochMilli()));

        assertThat(store().find(byPatient(TENANT, "p-0", T0, T0.plusSeconds(60), 10, null)).entries())
                .extracting(AuditEntry::seq).doesNotContain(3L);
        var broken = verify(TENANT).firstBreak();
        assertThat(broken.seq()).isEqualTo(3);
        assertThat(broken.reason()).isEqualTo(Reason.FILING_MISMATCH);
    }

    // ---- retention

    @Test
    void purgingRemovesTheOldestEntriesAndLeavesTheKeptChainVerifiableFromItsAnchor() {
        var entries = appendMany(10);
        Instant cutoff = T0.plusSeconds(4);
        Instant now = T0.plus(Duration.ofDays(1));

        PurgeResult first = store().purge(TENANT, cutoff, 3, now);
        PurgeResult second = store().purge(TENANT, cutoff, 3, now);
        PurgeResult third = store().purge(TENANT, cutoff, 3, now);

        assertThat(List.of(first.entries(), second.entries(), third.entries())).containsExactly(3, 1, 0);
        assertThat(first.more()).isTrue();
        assertThat(second.more()).isFalse();
        assertThat(store().state(TENANT).anchor()).isEqualTo(entries.get(3).point());
        assertThat(second.record().seq()).isEqualTo(12);
        assertThat(PurgeRecord.anchorOf(second.record().event())).contains(entries.get(3).point());
        assertThat(store().find(byPatient(TENANT, "p-1", T0, T0.plusSeconds(60), 20, null)).entries())
                .extracting(AuditEntry::seq).containsExactly(6L, 8L, 10L);

        var verification = verify(TENANT);
        assertThat(verification.intact()).isTrue();
        assertThat(verification.startsAfter()).isEqualTo(entries.get(3).point());
        assertThat(verification.checked()).isEqualTo(8);
        assertThat(append(read(TENANT, "s_1", now, "p-1")).seq()).isEqualTo(13);
    }

    @Test
    void movingTheAnchorToHideEntriesIsNamed() {
        var entries = appendMany(8);
        store().purge(TENANT, T0.plusSeconds(2), 100, T0.plus(Duration.ofDays(1)));
        delete(TENANT, 3);
        delete(TENANT, 4);
        setAnchor(TENANT, entries.get(3).point());

        var broken = verify(TENANT).firstBreak();
        assertThat(broken.seq()).isEqualTo(4);
        assertThat(broken.reason()).isEqualTo(Reason.ANCHOR_UNRECORDED);
    }

    @Test
    void aPurgeTouchesOnlyItsTenant() {
        append(read(TENANT, "s_1", T0, "p-1"));
        append(read(OTHER_TENANT, "s_1", T0, "p-1"));
        store().purge(TENANT, T0.plusSeconds(1), 10, T0.plusSeconds(2));

        assertThat(store().find(byPatient(OTHER_TENANT, "p-1", T0, T0.plusSeconds(1), 10, null)).entries()).hasSize(1);
        assertThat(store().state(OTHER_TENANT).anchor()).isNull();
        assertThat(verify(OTHER_TENANT).intact()).isTrue();
    }
}
