package se.samtal.chat.store;

import org.junit.jupiter.api.Test;
import se.samtal.chat.conversation.Conversation;
import se.samtal.chat.conversation.ConversationSettings;
import se.samtal.chat.conversation.ConversationStatus;
import se.samtal.chat.conversation.LegalHold;
import se.samtal.chat.conversation.Member;
import se.samtal.chat.expectation.ReplyWithin;
import se.samtal.chat.expectation.StaffedHours;
import se.samtal.chat.message.Message;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.Role;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samtal.chat.store.ChatStoreFixtures.OTHER_TENANT;
import static se.samtal.chat.store.ChatStoreFixtures.T0;
import static se.samtal.chat.store.ChatStoreFixtures.TENANT;
import static se.samtal.chat.store.ChatStoreFixtures.append;
import static se.samtal.chat.store.ChatStoreFixtures.codeOf;
import static se.samtal.chat.store.ChatStoreFixtures.createCare;
import static se.samtal.chat.store.ChatStoreFixtures.id;
import static se.samtal.chat.store.ChatStoreFixtures.member;

/**
 * What every implementation of the chat store ports must do: ordering, paging, idempotency,
 * membership, receipts, retention and legal hold. The embedded store runs it
 * ({@code SqliteChatStoreTest}); a Redis store extends it the same way, from this module's
 * test-jar, and provides fresh, empty stores for each test.
 */
public abstract class ChatStoreContract {

    protected abstract ConversationStore conversations();

    protected abstract MessageStore messages();

    private Message send(Conversation c, String ref, String key, String text, Instant at) {
        return messages().append(append(c, ref, key, text, at)).join().message();
    }

    private List<Message> sendMany(Conversation c, int count) {
        var futures = new ArrayList<CompletableFuture<Appended>>();
        for (int i = 1; i <= count; i++) {
            futures.add(messages().append(append(c, i % 2 == 0 ? "t-1" : "p-1", "k" + i, "message " + i, T0.plusSeconds(i))));
        }
        return futures.stream().map(f -> f.join().message()).toList();
    }

    private HistoryPage page(Conversation c, String ref, HistoryQuery query) {
        return messages().read(c.tenantId(), c.id(), ref, query).page();
    }

    // ---- ordering and idempotency

    @Test
    void appendsGetSequenceNumbersInCallOrderWithoutGapsPerConversation() {
        Conversation a = createCare(conversations(), TENANT);
        Conversation b = createCare(conversations(), TENANT);
        List<Message> sent = sendMany(a, 40);
        send(b, "p-1", "b1", "other", T0);

        assertThat(sent).extracting(Message::seq).containsExactlyElementsOf(IntStream.rangeClosed(1, 40).asLongStream().boxed().toList());
        assertThat(sent).extracting(Message::text).containsExactlyElementsOf(
                IntStream.rangeClosed(1, 40).mapToObj(i -> "message " + i).toList());
        assertThat(page(b, "p-1", HistoryQuery.latest(100, 1 << 20)).messages()).extracting(Message::seq).containsExactly(1L);
        assertThat(conversations().find(TENANT, a.id()).orElseThrow().lastSeq()).isEqualTo(40);
    }

    @Test
    void concurrentWritersNeverShareOrSkipASequenceNumber() throws Exception {
        Conversation c = createCare(conversations(), TENANT);
        try (var pool = Executors.newFixedThreadPool(4)) {
            var futures = new ArrayList<CompletableFuture<Appended>>();
            for (int i = 0; i < 100; i++) {
                int n = i;
                futures.add(CompletableFuture.supplyAsync(() -> messages().append(
                        append(c, n % 2 == 0 ? "p-1" : "t-1", "c" + n, "text " + n, T0)).join(), pool));
            }
            var seqs = futures.stream().map(f -> f.join().message().seq()).sorted().toList();
            assertThat(seqs).containsExactlyElementsOf(IntStream.rangeClosed(1, 100).asLongStream().boxed().toList());
        }
    }

    @Test
    void aResentIdempotencyKeyFindsTheStoredMessageAndStoresNothingNew() {
        Conversation c = createCare(conversations(), TENANT);
        Message first = send(c, "p-1", "key-1", "Hej", T0);
        Appended again = messages().append(append(c, "p-1", "key-1", "Hej", T0.plusSeconds(5))).join();
        Message fromTherapist = send(c, "t-1", "key-1", "Hej", T0.plusSeconds(6));

        assertThat(again.duplicate()).isTrue();
        assertThat(again.message()).isEqualTo(first);
        assertThat(fromTherapist.seq()).as("another sender's key is another message").isEqualTo(2);
        assertThat(codeOf(() -> messages().append(append(c, "p-1", "key-1", "Hej då", T0)).join())).isEqualTo(ErrorCode.CONFLICT);
        assertThat(page(c, "p-1", HistoryQuery.latest(10, 1 << 20)).messages()).hasSize(2);
    }

    @Test
    void timesNeverGoBackwardsWithinAConversation() {
        Conversation c = createCare(conversations(), TENANT);
        Message late = send(c, "p-1", "a", "first", T0.plusSeconds(60));
        Message early = send(c, "t-1", "b", "second", T0.plusSeconds(10));
        assertThat(early.sentAt()).isEqualTo(late.sentAt());
    }

    // ---- membership and tenants

    @Test
    void nonMembersRemovedMembersAndOtherTenantsAreRefusedAndChangeNothing() {
        Conversation c = createCare(conversations(), TENANT);
        send(c, "p-1", "a", "Hej", T0);
        Member therapist = conversations().member(TENANT, c.id(), "t-1").orElseThrow();
        assertThat(conversations().removeMember(TENANT, c.id(), therapist.id(), T0.plusSeconds(1))).isTrue();

        assertThat(codeOf(() -> messages().append(append(c, "stranger", "x", "Hej", T0)).join())).isEqualTo(ErrorCode.NOT_A_MEMBER);
        assertThat(codeOf(() -> messages().append(append(c, "t-1", "x", "Hej", T0)).join())).isEqualTo(ErrorCode.NOT_A_MEMBER);
        assertThat(codeOf(() -> messages().read(TENANT, c.id(), "t-1", HistoryQuery.latest(10, 1000)))).isEqualTo(ErrorCode.NOT_A_MEMBER);
        assertThat(codeOf(() -> messages().mark(TENANT, c.id(), "t-1", 1L, 1L))).isEqualTo(ErrorCode.NOT_A_MEMBER);
        var otherTenant = new Append(OTHER_TENANT, c.id(), "p-1", "y", "Hej", T0);
        assertThat(codeOf(() -> messages().append(otherTenant).join())).isEqualTo(ErrorCode.CONVERSATION_NOT_FOUND);
        assertThat(codeOf(() -> messages().read(OTHER_TENANT, c.id(), "p-1", HistoryQuery.latest(10, 1000))))
                .isEqualTo(ErrorCode.CONVERSATION_NOT_FOUND);
        assertThat(conversations().find(OTHER_TENANT, c.id())).isEmpty();
        assertThat(conversations().find(TENANT, c.id()).orElseThrow().lastSeq()).isEqualTo(1);
    }

    @Test
    void membersAreAddedRemovedAndReinstatedByTheRules() {
        Conversation c = createCare(conversations(), TENANT);
        Member guardian = conversations().addMember(TENANT, c.id(), member("g-1", Role.GUARDIAN, "Gun"), 5);
        assertThat(conversations().addMember(TENANT, c.id(), member("g-1", Role.GUARDIAN, "Gun"), 5).id()).isEqualTo(guardian.id());
        assertThat(codeOf(() -> conversations().addMember(TENANT, c.id(), member("g-1", Role.THERAPIST, null), 5)))
                .isEqualTo(ErrorCode.CONFLICT);
        assertThat(codeOf(() -> conversations().addMember(TENANT, c.id(), member("p-2", Role.PATIENT, null), 5)))
                .as("one patient").isEqualTo(ErrorCode.CONFLICT);
        assertThat(codeOf(() -> conversations().addMember(TENANT, c.id(), member("t-2", Role.THERAPIST, null), 3)))
                .isEqualTo(ErrorCode.TENANT_LIMIT_REACHED);
        assertThat(codeOf(() -> conversations().addMember(TENANT, "cv_missing", member("t-2", Role.THERAPIST, null), 5)))
                .isEqualTo(ErrorCode.CONVERSATION_NOT_FOUND);

        assertThat(conversations().removeMember(TENANT, c.id(), guardian.id(), T0.plusSeconds(9))).isTrue();
        assertThat(conversations().removeMember(TENANT, c.id(), guardian.id(), T0.plusSeconds(9))).isFalse();
        assertThat(conversations().member(TENANT, c.id(), "g-1").orElseThrow().removedAt()).isEqualTo(T0.plusSeconds(9));
        Member back = conversations().addMember(TENANT, c.id(), member("g-1", Role.RELATIVE, "Gunnel"), 5);
        assertThat(back.id()).isEqualTo(guardian.id());
        assertThat(back.isCurrent()).isTrue();
        assertThat(conversations().members(TENANT, c.id())).extracting(Member::ref).containsExactly("p-1", "t-1", "g-1");
    }

    @Test
    void aPersonsConversationsAreTheCareConversationsTheyAreACurrentMemberOf() {
        String ref = id("staff-");
        Conversation first = createCare(conversations(), TENANT);
        Conversation second = createCare(conversations(), TENANT);
        Conversation third = createCare(conversations(), TENANT);
        conversations().addMember(TENANT, first.id(), member(ref, Role.THERAPIST, "Kim"), 10);
        conversations().addMember(TENANT, second.id(), member(ref, Role.THERAPIST, "Kim"), 10);
        Member left = conversations().addMember(TENANT, third.id(), member(ref, Role.THERAPIST, "Kim"), 10);
        conversations().removeMember(TENANT, third.id(), left.id(), T0.plusSeconds(5));

        assertThat(conversations().conversationsOf(TENANT, ref, 10)).extracting(Conversation::id)
                .containsExactlyInAnyOrder(first.id(), second.id());
        assertThat(conversations().conversationsOf(TENANT, ref, 1)).hasSize(1);
        assertThat(conversations().conversationsOf(OTHER_TENANT, ref, 10)).isEmpty();
        conversations().delete(TENANT, second.id());
        assertThat(conversations().conversationsOf(TENANT, ref, 10)).extracting(Conversation::id).containsExactly(first.id());
        conversations().addMember(TENANT, third.id(), member(ref, Role.THERAPIST, "Kim"), 10);
        assertThat(conversations().conversationsOf(TENANT, ref, 10)).extracting(Conversation::id)
                .containsExactlyInAnyOrder(first.id(), third.id());
    }

    @Test
    void aTenantCannotOpenMoreConversationsThanItsLimit() {
        createCare(conversations(), OTHER_TENANT);
        var second = ChatStoreFixtures.care(OTHER_TENANT);
        assertThat(codeOf(() -> conversations().createCare(second, List.of(member("p", Role.PATIENT, null)), 1)))
                .isEqualTo(ErrorCode.TENANT_LIMIT_REACHED);
        assertThat(conversations().find(OTHER_TENANT, second.id())).isEmpty();
    }

    @Test
    void aClosedConversationTakesNoNewMessagesButAResendStillFindsItsMessage() {
        Conversation c = createCare(conversations(), TENANT);
        send(c, "p-1", "a", "Hej", T0);
        conversations().update(TENANT, c.id(), v -> v.withStatus(ConversationStatus.CLOSED, T0.plusSeconds(1)));

        assertThat(codeOf(() -> messages().append(append(c, "p-1", "b", "Till?", T0)).join())).isEqualTo(ErrorCode.CONVERSATION_CLOSED);
        assertThat(messages().append(append(c, "p-1", "a", "Hej", T0)).join().duplicate()).isTrue();
        assertThat(conversations().find(TENANT, c.id()).orElseThrow().closedAt()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void aClosingCodeIsKeptWhileClosedChangesWithAnotherClosingAndGoesOnReopening() {
        Conversation c = createCare(conversations(), TENANT);
        conversations().update(TENANT, c.id(), v -> v.closed(T0.plusSeconds(1), "self_care"));
        Conversation closed = conversations().find(TENANT, c.id()).orElseThrow();
        assertThat(closed.status()).isEqualTo(ConversationStatus.CLOSED);
        assertThat(closed.closingCode()).isEqualTo("self_care");
        assertThat(closed.closedAt()).isEqualTo(T0.plusSeconds(1));

        conversations().update(TENANT, c.id(), v -> v.closed(T0.plusSeconds(5), "referred"));
        Conversation recoded = conversations().find(TENANT, c.id()).orElseThrow();
        assertThat(recoded.closingCode()).as("closing again changes the code").isEqualTo("referred");
        assertThat(recoded.closedAt()).as("and keeps when it closed").isEqualTo(T0.plusSeconds(1));

        conversations().update(TENANT, c.id(), v -> v.withLegalHold(new LegalHold(T0, "IVO")));
        assertThat(conversations().find(TENANT, c.id()).orElseThrow().closingCode()).isEqualTo("referred");

        conversations().update(TENANT, c.id(), v -> v.withStatus(ConversationStatus.OPEN, T0.plusSeconds(9)));
        Conversation reopened = conversations().find(TENANT, c.id()).orElseThrow();
        assertThat(reopened.closingCode()).isNull();
        assertThat(reopened.closedAt()).isNull();
    }

    @Test
    void updateKeepsSettingsAndHoldAndAThrowingChangeChangesNothing() {
        Conversation c = createCare(conversations(), TENANT);
        var settings = new ConversationSettings(new ReplyWithin(2, ReplyWithin.Unit.WORKDAYS), StaffedHours.weekdays("08:00", "16:00"));
        conversations().update(TENANT, c.id(), v -> v.withSettings(settings).withLegalHold(new LegalHold(T0, "IVO")));
        assertThat(codeOf(() -> conversations().update(TENANT, c.id(), v -> {
            throw new se.samtal.protocol.SamtalException(ErrorCode.CONFLICT);
        }))).isEqualTo(ErrorCode.CONFLICT);

        Conversation read = conversations().find(TENANT, c.id()).orElseThrow();
        assertThat(read.settings()).isEqualTo(settings);
        assertThat(read.legalHold()).isEqualTo(new LegalHold(T0, "IVO"));
        assertThat(conversations().update(TENANT, "cv_none", v -> v)).isEmpty();
    }

    // ---- paging

    @Test
    void historyPagesBackwardsAndForwardsWithMoreFlags() {
        Conversation c = createCare(conversations(), TENANT);
        sendMany(c, 25);

        var newest = page(c, "p-1", HistoryQuery.latest(10, 1 << 20));
        assertThat(newest.messages()).extracting(Message::seq).containsExactly(16L, 17L, 18L, 19L, 20L, 21L, 22L, 23L, 24L, 25L);
        assertThat(newest.more()).isTrue();
        assertThat(newest.lastSeq()).isEqualTo(25);
        var older = page(c, "p-1", HistoryQuery.before(16, 10, 1 << 20));
        assertThat(older.messages()).extracting(Message::seq).startsWith(6L).endsWith(15L);
        var oldest = page(c, "p-1", HistoryQuery.before(6, 10, 1 << 20));
        assertThat(oldest.messages()).extracting(Message::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(oldest.more()).isFalse();
        var after = page(c, "p-1", HistoryQuery.after(20, 10, 1 << 20));
        assertThat(after.messages()).extracting(Message::seq).containsExactly(21L, 22L, 23L, 24L, 25L);
        assertThat(after.more()).isFalse();
        assertThat(page(c, "p-1", HistoryQuery.after(3, 2, 1 << 20)).more()).isTrue();
        assertThat(page(c, "p-1", HistoryQuery.after(25, 10, 1 << 20)).messages()).isEmpty();
    }

    @Test
    void aPageStopsAtItsCharacterBudgetButAlwaysHoldsOneMessage() {
        Conversation c = createCare(conversations(), TENANT);
        for (int i = 1; i <= 3; i++) {
            send(c, "p-1", "k" + i, "x".repeat(100), T0);
        }
        var page = page(c, "p-1", HistoryQuery.after(0, 10, 150));
        assertThat(page.messages()).hasSize(1);
        assertThat(page.more()).isTrue();
        assertThat(page(c, "p-1", HistoryQuery.after(0, 10, 50)).messages()).hasSize(1);
    }

    @Test
    void sequenceNumbersBeyondTheNewestMessageAreRefused() {
        Conversation c = createCare(conversations(), TENANT);
        sendMany(c, 3);
        assertThat(codeOf(() -> page(c, "p-1", HistoryQuery.after(4, 10, 1000)))).isEqualTo(ErrorCode.SEQUENCE_OUT_OF_RANGE);
        assertThat(codeOf(() -> page(c, "p-1", HistoryQuery.before(5, 10, 1000)))).isEqualTo(ErrorCode.SEQUENCE_OUT_OF_RANGE);
        assertThat(codeOf(() -> page(c, "p-1", HistoryQuery.after(-1, 10, 1000)))).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(codeOf(() -> messages().mark(TENANT, c.id(), "p-1", null, 4L))).isEqualTo(ErrorCode.SEQUENCE_OUT_OF_RANGE);
        assertThat(messages().read(TENANT, c.id(), "t-1", HistoryQuery.latest(1, 10)).you().readSeq()).isEqualTo(2);
    }

    // ---- session chat

    @Test
    void aLateJoinerOfASessionChatReadsFromWhenTheyCameUnlessThePolicySaysOtherwise() {
        String session = id("s_");
        var first = conversations().joinSessionChat(new SessionChatJoin(TENANT, session, id("cv_"),
                member("t-1", Role.THERAPIST, "Tove"), false, T0));
        Conversation c = first.conversation();
        send(c, "t-1", "a", "före tolken", T0);
        var interpreter = conversations().joinSessionChat(new SessionChatJoin(TENANT, session, id("cv_"),
                member("i-1", Role.INTERPRETER, "Ana"), false, T0.plusSeconds(1)));
        var relative = conversations().joinSessionChat(new SessionChatJoin(TENANT, session, id("cv_"),
                member("r-1", Role.RELATIVE, null), true, T0.plusSeconds(1)));
        send(c, "t-1", "b", "efter", T0.plusSeconds(2));

        assertThat(interpreter.conversation().id()).isEqualTo(c.id());
        assertThat(page(c, "i-1", HistoryQuery.latest(10, 1000)).messages()).extracting(Message::text).containsExactly("efter");
        assertThat(page(c, "i-1", HistoryQuery.latest(10, 1000)).historyStart()).isEqualTo(2);
        assertThat(page(c, "r-1", HistoryQuery.latest(10, 1000)).messages()).extracting(Message::text).containsExactly("före tolken", "efter");
        assertThat(messages().read(TENANT, c.id(), "i-1", HistoryQuery.latest(1, 10)).unread()).isEqualTo(1);
        var again = conversations().joinSessionChat(new SessionChatJoin(TENANT, session, id("cv_"),
                member("i-1", Role.INTERPRETER, "Ana"), true, T0.plusSeconds(3)));
        assertThat(again.member().id()).isEqualTo(interpreter.member().id());
        assertThat(again.member().visibleFrom()).isEqualTo(2);
        assertThat(relative.member().visibleFrom()).isEqualTo(1);
        assertThat(conversations().findBySession(TENANT, session).orElseThrow().id()).isEqualTo(c.id());
        assertThat(conversations().findBySession(OTHER_TENANT, session)).isEmpty();
    }

    // ---- receipts

    @Test
    void receiptsOnlyMoveForwardReadingImpliesReceivingAndUnreadCountsOthersMessages() {
        Conversation c = createCare(conversations(), TENANT);
        sendMany(c, 5); // p-1 wrote 1, 3, 5; t-1 wrote 2, 4
        assertThat(messages().unread(TENANT, c.id()).values()).containsExactlyInAnyOrder(0, 1);

        Receipt delivered = messages().mark(TENANT, c.id(), "t-1", 5L, null);
        assertThat(delivered.changed()).isTrue();
        assertThat(delivered.unread()).isEqualTo(1);
        Receipt read = messages().mark(TENANT, c.id(), "t-1", null, 5L);
        assertThat(read).extracting(Receipt::deliveredSeq, Receipt::readSeq, Receipt::unread).containsExactly(5L, 5L, 0);
        Receipt back = messages().mark(TENANT, c.id(), "t-1", 1L, 2L);
        assertThat(back.changed()).isFalse();
        assertThat(back.readSeq()).isEqualTo(5);
        Member therapist = messages().read(TENANT, c.id(), "p-1", HistoryQuery.latest(1, 10)).members().stream()
                .filter(m -> m.ref().equals("t-1")).findFirst().orElseThrow();
        assertThat(therapist.readSeq()).isEqualTo(5);
        assertThat(messages().read(TENANT, c.id(), "p-1", HistoryQuery.latest(1, 10)).you().readSeq())
                .as("writing means having read what came before").isEqualTo(5);
    }

    // ---- retention, legal hold, export

    @Test
    void retentionRemovesTheOldestMessagesAsAPrefixAndMovesTheHistoryStart() {
        Conversation c = createCare(conversations(), TENANT);
        for (int i = 1; i <= 6; i++) {
            send(c, "p-1", "k" + i, "m" + i, T0.plus(Duration.ofDays(i)));
        }
        PurgeResult first = messages().purge(TENANT, T0.plus(Duration.ofDays(4)).plusSeconds(1), 2);
        assertThat(first).isEqualTo(new PurgeResult(2, 0, true));
        PurgeResult second = messages().purge(TENANT, T0.plus(Duration.ofDays(4)).plusSeconds(1), 100);
        assertThat(second.messages()).isEqualTo(2);

        var page = page(c, "p-1", HistoryQuery.latest(10, 1000));
        assertThat(page.messages()).extracting(Message::text).containsExactly("m5", "m6");
        assertThat(page.historyStart()).isEqualTo(5);
        assertThat(conversations().find(TENANT, c.id()).orElseThrow().purgedThroughSeq()).isEqualTo(4);
        assertThat(messages().export(TENANT, c.id(), 0, 10)).extracting(Message::seq).containsExactly(5L, 6L);
        assertThat(send(c, "p-1", "k7", "m7", T0).seq()).as("numbers go on after a purge").isEqualTo(7);
    }

    @Test
    void aLegalHoldKeepsEverythingUntilItIsReleased() {
        Conversation held = createCare(conversations(), TENANT);
        send(held, "p-1", "a", "old", T0);
        conversations().update(TENANT, held.id(), v -> v.withStatus(ConversationStatus.CLOSED, T0).withLegalHold(new LegalHold(T0, "klagomål")));
        Instant later = T0.plus(Duration.ofDays(400));

        assertThat(messages().purge(TENANT, later, 100)).isEqualTo(new PurgeResult(0, 0, false));
        assertThat(codeOf(() -> conversations().delete(TENANT, held.id()))).isEqualTo(ErrorCode.CONFLICT);
        assertThat(messages().export(TENANT, held.id(), 0, 10)).hasSize(1);

        conversations().update(TENANT, held.id(), v -> v.withLegalHold(null));
        assertThat(messages().purge(TENANT, later, 100)).isEqualTo(new PurgeResult(1, 1, false));
        assertThat(conversations().find(TENANT, held.id())).isEmpty();
    }

    @Test
    void staleSessionChatsAndClosedCareConversationsGoWhileOpenCareConversationsStay() {
        Conversation open = createCare(conversations(), TENANT);
        Conversation closed = createCare(conversations(), TENANT);
        conversations().update(TENANT, closed.id(), v -> v.withStatus(ConversationStatus.CLOSED, T0));
        var session = conversations().joinSessionChat(new SessionChatJoin(TENANT, id("s_"), id("cv_"),
                member("t-1", Role.THERAPIST, null), false, T0)).conversation();
        send(session, "t-1", "a", "i samtalet", T0);
        Conversation elsewhere = createCare(conversations(), OTHER_TENANT);
        conversations().update(OTHER_TENANT, elsewhere.id(), v -> v.withStatus(ConversationStatus.CLOSED, T0));

        PurgeResult result = messages().purge(TENANT, T0.plus(Duration.ofDays(1)), 100);

        assertThat(result).isEqualTo(new PurgeResult(1, 2, false));
        assertThat(conversations().find(TENANT, open.id())).isPresent();
        assertThat(conversations().find(TENANT, closed.id())).isEmpty();
        assertThat(conversations().find(TENANT, session.id())).isEmpty();
        assertThat(conversations().members(TENANT, closed.id())).isEmpty();
        assertThat(conversations().find(OTHER_TENANT, elsewhere.id())).as("another tenant's retention").isPresent();
    }

    @Test
    void deleteRemovesAConversationWithEverythingInIt() {
        Conversation c = createCare(conversations(), TENANT);
        sendMany(c, 3);
        assertThat(conversations().delete(OTHER_TENANT, c.id())).isFalse();
        assertThat(conversations().delete(TENANT, c.id())).isTrue();
        assertThat(conversations().find(TENANT, c.id())).isEmpty();
        assertThat(messages().export(TENANT, c.id(), 0, 10)).isEmpty();
        assertThat(conversations().members(TENANT, c.id())).isEmpty();
        assertThat(conversations().delete(TENANT, c.id())).isFalse();
    }

    @Test
    void exportReadsEveryMessageInOrderAfterASequenceNumber() {
        Conversation c = createCare(conversations(), TENANT);
        sendMany(c, 7);
        assertThat(messages().export(TENANT, c.id(), 2, 3)).extracting(Message::seq).containsExactly(3L, 4L, 5L);
        assertThat(messages().export(TENANT, c.id(), 0, 100)).extracting(Message::senderRole)
                .containsExactly(Role.PATIENT, Role.THERAPIST, Role.PATIENT, Role.THERAPIST, Role.PATIENT, Role.THERAPIST, Role.PATIENT);
        assertThat(messages().export(TENANT, c.id(), 0, 1).get(0).senderName()).isEqualTo("Pim");
    }
}
