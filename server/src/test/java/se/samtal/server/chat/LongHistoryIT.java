package se.samtal.server.chat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.chat.ChatMessageView;
import se.samtal.protocol.chat.ChatResults;
import se.samtal.server.testing.TestServer;

import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samtal.server.testing.ChatTesting.PATIENT;
import static se.samtal.server.testing.ChatTesting.THERAPIST;
import static se.samtal.server.testing.ChatTesting.as;
import static se.samtal.server.testing.ChatTesting.createConversation;
import static se.samtal.server.testing.ChatTesting.history;
import static se.samtal.server.testing.ChatTesting.link;
import static se.samtal.server.testing.ChatTesting.readAll;
import static se.samtal.server.testing.ChatTesting.send;
import static se.samtal.server.testing.ChatTesting.subscribe;

/**
 * A conversation of long messages in emoji (four bytes each in UTF-8) opens on a fresh connection
 * with the production outbound limit (1 MiB): pages are bounded by bytes, text travels as UTF-8,
 * and the answers to a reader's own requests never count against it as slowness.
 */
class LongHistoryIT {
    private static final int MESSAGES = 30;
    private static final String LONG = "😀".repeat(3900);
    private static TestServer server;
    private static String conversation;

    @BeforeAll
    static void start() {
        server = TestServer.start(config -> config.putObject("chat").put("messagesPerMinute", 6000).put("messageBurst", 1000));
        conversation = createConversation(server);
        SamtalConnection therapist = server.join(link(server, conversation, THERAPIST));
        for (int i = 0; i < MESSAGES; i++) {
            send(therapist, i + LONG);
        }
        therapist.close();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aFreshConnectionOpensAndReadsTheWholeConversation() {
        SamtalConnection patient = server.join(link(server, conversation, PATIENT));
        ChatResults.Subscribed subscribed = subscribe(patient, null);
        assertThat(subscribed.messages()).isNotEmpty();
        assertThat(subscribed.more()).as("the newest page is bounded by bytes, not only by count").isTrue();
        ChatResults.Page page = history(patient, null, 0L, 100);
        assertThat(page.messages().size()).isLessThan(MESSAGES);
        assertThat(page.more()).isTrue();

        var all = readAll(patient);
        assertThat(all).extracting(ChatMessageView::seq).hasSize(MESSAGES);
        assertThat(all.getLast().text()).isEqualTo((MESSAGES - 1) + LONG);
        assertThat(patient.isOpen()).as("never cut off as too slow by its own history").isTrue();
        patient.close();
    }

    @Test
    void manyHistoryRequestsAtOnceAreAllAnsweredAndTheReaderIsNotCutOff() throws Exception {
        SamtalConnection patient = server.join(link(server, conversation, PATIENT));
        // Five pages of about 250 KB each asked for at once: more than the 1 MiB outbound limit in all.
        var pages = new ArrayList<CompletableFuture<com.fasterxml.jackson.databind.JsonNode>>();
        for (int i = 0; i < 5; i++) {
            pages.add(patient.request(id -> new ClientMessage.ChatHistory(id, null, null, 0L, 100)));
        }
        for (var page : pages) {
            assertThat(as(page.get(30, TimeUnit.SECONDS), ChatResults.Page.class).messages()).isNotEmpty();
        }
        assertThat(patient.isOpen()).isTrue();
        patient.close();
    }
}
