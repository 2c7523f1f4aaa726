package se.samtal.chat.store.sqlite;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samtal.chat.conversation.Conversation;
import se.samtal.chat.message.MessageChain;
import se.samtal.chat.store.Appended;
import se.samtal.chat.store.ChainCheck;
import se.samtal.sqlite.SqliteDatabase;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samtal.chat.store.ChatStoreFixtures.T0;
import static se.samtal.chat.store.ChatStoreFixtures.append;
import static se.samtal.chat.store.ChatStoreFixtures.createCare;

/**
 * Each conversation's hash chain in the embedded store: every message's link, verification that
 * finds a changed, removed or reordered message, retention moving the anchor, and which message
 * opens its sender's hour (the one whose audit entry stands for the hour). Times come from the
 * appends, never from the wall clock.
 */
class ConversationChainTest {
    @TempDir
    Path dir;
    private SqliteDatabase db;
    private SqliteConversationStore conversations;
    private SqliteMessageStore messages;

    @BeforeEach
    void open() {
        reopen();
    }

    private void reopen() {
        if (db != null) {
            db.close();
        }
        db = SqliteDatabase.open(dir.resolve("chat.db"), ChatSchema.MIGRATIONS, 2);
        conversations = new SqliteConversationStore(db);
        messages = new SqliteMessageStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Appended send(Conversation c, String ref, String key, Instant at) throws Exception {
        return messages.append(append(c, ref, key, "Text " + key, at)).get(10, TimeUnit.SECONDS);
    }

    private void sql(String statement) {
        db.write(c -> c.createStatement().executeUpdate(statement));
    }

    @Test
    void eachMessageLinksToTheOneBeforeAndTheChainVerifies() throws Exception {
        var c = createCare(conversations, "region-a");
        var first = send(c, "p-1", "k1", T0);
        var second = send(c, "t-1", "k2", T0.plusSeconds(60));
        var third = send(c, "p-1", "k3", T0.plusSeconds(120));

        byte[] one = MessageChain.next(MessageChain.genesis(), "region-a", first.message());
        assertThat(first.chain()).isEqualTo(MessageChain.hex(one));
        assertThat(second.chain()).isEqualTo(MessageChain.hex(MessageChain.next(one, "region-a", second.message())));
        var check = messages.verifyChain("region-a", c.id(), Map::of);
        assertThat(check).isEqualTo(new ChainCheck(ChainCheck.Status.INTACT, 1, 3, null, third.chain(), 0));
    }

    @Test
    void aChangedTextIsFoundAtItsMessage() throws Exception {
        var c = createCare(conversations, "region-a");
        for (int i = 1; i <= 4; i++) {
            send(c, "p-1", "k" + i, T0.plusSeconds(i));
        }
        sql("UPDATE messages SET body = 'Something else' WHERE seq = 2");

        var check = messages.verifyChain("region-a", c.id(), Map::of);
        assertThat(check.status()).isEqualTo(ChainCheck.Status.BROKEN);
        assertThat(check.brokenAtSeq()).isEqualTo(2);
    }

    @Test
    void aChangedSenderOrTimeIsFoundToo() throws Exception {
        var c = createCare(conversations, "region-a");
        for (int i = 1; i <= 3; i++) {
            send(c, i == 2 ? "t-1" : "p-1", "k" + i, T0.plusSeconds(i));
        }
        sql("UPDATE messages SET sent_at = sent_at + 1 WHERE seq = 3");
        assertThat(messages.verifyChain("region-a", c.id(), Map::of).brokenAtSeq()).isEqualTo(3);
        sql("UPDATE messages SET sent_at = sent_at - 1, sender_name = 'Someone' WHERE seq = 3");
        assertThat(messages.verifyChain("region-a", c.id(), Map::of).brokenAtSeq()).isEqualTo(3);
    }

    @Test
    void aRemovedMessageInTheMiddleOrAtTheEndIsFound() throws Exception {
        var c = createCare(conversations, "region-a");
        for (int i = 1; i <= 5; i++) {
            send(c, "p-1", "k" + i, T0.plusSeconds(i));
        }
        sql("DELETE FROM messages WHERE seq = 5");
        assertThat(messages.verifyChain("region-a", c.id(), Map::of).brokenAtSeq()).as("the newest, gone").isEqualTo(5);

        sql("UPDATE conversations SET last_seq = 4");
        assertThat(messages.verifyChain("region-a", c.id(), Map::of).brokenAtSeq())
                .as("and the conversation made to end before it: the head is still the removed one's").isEqualTo(4);

        sql("DELETE FROM messages WHERE seq = 2");
        assertThat(messages.verifyChain("region-a", c.id(), Map::of).brokenAtSeq()).as("a gap").isEqualTo(2);
    }

    @Test
    void aMessageRewrittenWithItsOwnLinkRecomputedStillBreaksTheNextLink() throws Exception {
        var c = createCare(conversations, "region-a");
        var first = send(c, "p-1", "k1", T0);
        send(c, "p-1", "k2", T0.plusSeconds(1));
        var forged = new se.samtal.chat.message.Message(c.id(), 1, first.message().senderId(), first.message().senderRole(),
                first.message().senderName(), "Forged", first.message().sentAt(), "k1");
        byte[] link = MessageChain.next(MessageChain.genesis(), "region-a", forged);
        db.write(conn -> {
            try (var st = conn.prepareStatement("UPDATE messages SET body = 'Forged', chain = ? WHERE seq = 1")) {
                st.setBytes(1, link);
                return st.executeUpdate();
            }
        });
        assertThat(messages.verifyChain("region-a", c.id(), Map::of).brokenAtSeq()).isEqualTo(2);
    }

    @Test
    void aWholeChainRecomputedAfterARewriteIsFoundByTheLinksKeptElsewhere() throws Exception {
        var c = createCare(conversations, "region-a");
        var sent = new ArrayList<Appended>();
        for (int i = 1; i <= 4; i++) {
            sent.add(send(c, "p-1", "k" + i, T0.plusSeconds(i)));
        }
        // The trail kept the links of messages 1 and 3 (its senders' first of an hour, say).
        var pins = Map.of(1L, sent.get(0).chain(), 3L, sent.get(2).chain());
        assertThat(messages.verifyChain("region-a", c.id(), () -> pins))
                .isEqualTo(new ChainCheck(ChainCheck.Status.INTACT, 1, 4, null, sent.get(3).chain(), 2));

        // Someone with the database rewrites message 2 and recomputes every link after it, and the head.
        db.write(conn -> {
            byte[] link = MessageChain.genesis();
            for (Appended a : sent) {
                var m = a.message();
                var stored = m.seq() == 2 ? new se.samtal.chat.message.Message(m.conversationId(), 2, m.senderId(), m.senderRole(),
                        m.senderName(), "Rewritten", m.sentAt(), m.idempotencyKey()) : m;
                link = MessageChain.next(link, "region-a", stored);
                try (var st = conn.prepareStatement("UPDATE messages SET body = ?, chain = ? WHERE seq = ?")) {
                    st.setString(1, stored.text());
                    st.setBytes(2, link);
                    st.setLong(3, m.seq());
                    st.executeUpdate();
                }
            }
            try (var st = conn.prepareStatement("UPDATE conversations SET chain_head = ?")) {
                st.setBytes(1, link);
                return st.executeUpdate();
            }
        });
        assertThat(messages.verifyChain("region-a", c.id(), Map::of).status())
                .as("the stored chain alone is consistent again").isEqualTo(ChainCheck.Status.INTACT);
        var check = messages.verifyChain("region-a", c.id(), () -> pins);
        assertThat(check.status()).isEqualTo(ChainCheck.Status.BROKEN);
        assertThat(check.brokenAtSeq()).as("the first kept link after the rewrite").isEqualTo(3);
    }

    @Test
    void aLinkKeptForAMessageTheConversationNoLongerHasBreaksIt() throws Exception {
        var c = createCare(conversations, "region-a");
        var first = send(c, "p-1", "k1", T0);
        var check = messages.verifyChain("region-a", c.id(), () -> Map.of(1L, first.chain(), 2L, first.chain()));
        assertThat(check.status()).isEqualTo(ChainCheck.Status.BROKEN);
        assertThat(check.brokenAtSeq()).isEqualTo(2);
    }

    @Test
    void linksKeptForMessagesRetentionRemovedAreNotCompared() throws Exception {
        var c = createCare(conversations, "region-a");
        var sent = new ArrayList<Appended>();
        for (int i = 1; i <= 4; i++) {
            sent.add(send(c, "p-1", "k" + i, T0.plusSeconds(60L * i)));
        }
        messages.purge("region-a", T0.plusSeconds(150), 100);
        var check = messages.verifyChain("region-a", c.id(), () -> Map.of(1L, sent.get(0).chain(), 2L, "00".repeat(32),
                4L, sent.get(3).chain()));
        assertThat(check).isEqualTo(new ChainCheck(ChainCheck.Status.INTACT, 3, 4, null, sent.get(3).chain(), 1));
    }

    @Test
    void theChainSurvivesARestartAndGoesOnFromItsHead() throws Exception {
        var c = createCare(conversations, "region-a");
        send(c, "p-1", "k1", T0);
        reopen();
        var second = send(c, "t-1", "k2", T0.plusSeconds(1));
        var check = messages.verifyChain("region-a", c.id(), Map::of);
        assertThat(check.status()).isEqualTo(ChainCheck.Status.INTACT);
        assertThat(check.head()).isEqualTo(second.chain());
    }

    @Test
    void retentionMovesTheAnchorSoWhatIsLeftStillVerifies() throws Exception {
        var c = createCare(conversations, "region-a");
        for (int i = 1; i <= 6; i++) {
            send(c, "p-1", "k" + i, T0.plusSeconds(60L * i));
        }
        var purged = messages.purge("region-a", T0.plusSeconds(60L * 4), 100);
        assertThat(purged.messages()).isEqualTo(3);

        var check = messages.verifyChain("region-a", c.id(), Map::of);
        assertThat(check.status()).isEqualTo(ChainCheck.Status.INTACT);
        assertThat(check.fromSeq()).isEqualTo(4);
        assertThat(check.throughSeq()).isEqualTo(6);

        send(c, "p-1", "k7", T0.plusSeconds(60L * 7));
        assertThat(messages.verifyChain("region-a", c.id(), Map::of).status()).isEqualTo(ChainCheck.Status.INTACT);
        sql("UPDATE messages SET body = 'x' WHERE seq = 4");
        assertThat(messages.verifyChain("region-a", c.id(), Map::of).brokenAtSeq()).isEqualTo(4);
    }

    @Test
    void aSendersFirstMessageOfEachClockHourOpensIt() throws Exception {
        var c = createCare(conversations, "region-a");
        Instant ten = Instant.parse("2026-11-23T10:00:00Z");
        assertThat(send(c, "p-1", "k1", ten.plusSeconds(5)).opensHour()).as("the patient's first").isTrue();
        assertThat(send(c, "p-1", "k2", ten.plusSeconds(600)).opensHour()).as("the same hour").isFalse();
        assertThat(send(c, "t-1", "k3", ten.plusSeconds(700)).opensHour()).as("another sender").isTrue();
        assertThat(send(c, "p-1", "k4", ten.plus(Duration.ofMinutes(59))).opensHour()).isFalse();
        assertThat(send(c, "p-1", "k5", ten.plus(Duration.ofMinutes(60))).opensHour()).as("the next hour").isTrue();
        assertThat(messages.append(append(c, "p-1", "k5", "Text k5", ten.plus(Duration.ofMinutes(61))))
                .get(10, TimeUnit.SECONDS).opensHour()).as("a repeat of its key is not a new message").isFalse();

        reopen();
        assertThat(send(c, "p-1", "k6", ten.plus(Duration.ofMinutes(62))).opensHour())
                .as("after a restart the hour is read from the member's row").isFalse();
        assertThat(send(c, "t-1", "k7", ten.plus(Duration.ofMinutes(63))).opensHour()).isTrue();
    }

    @Test
    void conversationsWrittenBeforeTheChainStartItAfterTheirNewestMessage() throws Exception {
        var old = SqliteDatabase.open(dir.resolve("old.db"), ChatSchema.MIGRATIONS.subList(0, 3), 1);
        Conversation c;
        try {
            var oldConversations = new SqliteConversationStore(old);
            c = createCare(oldConversations, "region-a");
            // A message as the store wrote it before the chain (the columns of the first three migrations).
            old.write(conn -> conn.createStatement().executeUpdate("INSERT INTO messages (tenant_id, conversation_id, seq,"
                    + " sender_id, sender_role, sender_name, idempotency_key, body, sent_at) SELECT tenant_id, conversation_id, 1,"
                    + " id, role, name, 'k1', 'Before', " + T0.toEpochMilli() + " FROM members WHERE ref = 'p-1'"));
            old.write(conn -> conn.createStatement().executeUpdate("UPDATE conversations SET last_seq = 1, last_activity_at = "
                    + T0.toEpochMilli()));
        } finally {
            old.close();
        }
        db.close();
        db = SqliteDatabase.open(dir.resolve("old.db"), ChatSchema.MIGRATIONS, 2);
        conversations = new SqliteConversationStore(db);
        messages = new SqliteMessageStore(db);

        assertThat(messages.verifyChain("region-a", c.id(), Map::of))
                .as("nothing chained yet").isEqualTo(new ChainCheck(ChainCheck.Status.INTACT, 2, 1, null, null, 0));
        var next = send(c, "p-1", "k2", T0.plusSeconds(1));
        assertThat(next.message().seq()).isEqualTo(2);
        assertThat(next.opensHour()).isTrue();
        assertThat(messages.verifyChain("region-a", c.id(), Map::of))
                .isEqualTo(new ChainCheck(ChainCheck.Status.INTACT, 2, 2, null, next.chain(), 0));
    }
}
