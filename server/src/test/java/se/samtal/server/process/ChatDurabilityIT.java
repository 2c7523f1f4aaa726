package se.samtal.server.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samtal.client.SamtalClient;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.chat.ChatMessageView;
import se.samtal.protocol.chat.ChatResults;
import se.samtal.server.testing.ServerProcess;
import se.samtal.server.testing.TestServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samtal.server.testing.ChatTesting.PATIENT;
import static se.samtal.server.testing.ChatTesting.as;
import static se.samtal.server.testing.ChatTesting.readAll;
import static se.samtal.server.testing.ChatTesting.send;

/**
 * Nothing acknowledged is lost: the server process is killed with SIGKILL (no shutdown hook, no
 * flush) while messages are being written, and started again on the same data directory.
 */
class ChatDurabilityIT {
    private static final int MESSAGES = 300;
    private static final String LIMITS = """
            gateway: {requestBurst: 1000}
            chat: {messagesPerMinute: 6000, messageBurst: 1000}
            """;

    @TempDir
    Path dir;
    private final List<ServerProcess> processes = new ArrayList<>();

    @AfterEach
    void killAll() {
        processes.forEach(ServerProcess::close);
    }

    private ServerProcess start() throws Exception {
        var process = ServerProcess.launch(dir, ServerProcess.config(dir.resolve("data"), LIMITS));
        processes.add(process);
        return process;
    }

    @Test
    void everyAcknowledgedMessageSurvivesAKillOnceAndInOrder() throws Exception {
        ServerProcess first = start();
        URI base = URI.create("http://127.0.0.1:" + first.port());
        String conversation;
        String token;
        try (var http = HttpClient.newHttpClient()) {
            var created = TestServer.call(http, base, "POST", "/api/v1/conversations", Map.of("members", List.of(
                    Map.of("ref", PATIENT, "role", "patient"), Map.of("ref", "therapist-1", "role", "therapist"))), TestServer.API_KEY);
            conversation = created.body().get("id").asText();
            token = TestServer.call(http, base, "POST", "/api/v1/conversations/" + conversation + "/links",
                    Map.of("ref", PATIENT), TestServer.API_KEY).body().get("token").asText();
        }
        var texts = new ArrayList<String>();
        var acked = new ConcurrentHashMap<String, Long>();
        try (var client = SamtalClient.create()) {
            SamtalConnection patient = client.join(URI.create("ws://127.0.0.1:" + first.port() + "/ws"), token);
            for (int i = 0; i < MESSAGES; i++) {
                String key = "k" + i;
                String text = "Meddelande " + i;
                texts.add(text);
                patient.request(id -> new ClientMessage.ChatSend(id, null, key, text))
                        .thenAccept(ack -> acked.put(key, as(ack, ChatResults.Sent.class).message().seq()));
            }
            await().atMost(java.time.Duration.ofSeconds(30)).until(() -> acked.size() >= MESSAGES / 3);
            first.process().toHandle().destroyForcibly(); // SIGKILL, right after the acks
            assertThat(first.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(first.process().exitValue()).as("killed by SIGKILL").isEqualTo(137);
        var ackedNow = Map.copyOf(acked);

        ServerProcess second = start();
        try (var client = SamtalClient.create()) {
            SamtalConnection patient = client.join(URI.create("ws://127.0.0.1:" + second.port() + "/ws"), token);
            List<ChatMessageView> stored = readAll(patient);

            assertThat(stored).extracting(ChatMessageView::seq).as("numbered 1, 2, 3, … without gaps")
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, stored.size()).boxed().toList());
            assertThat(stored).extracting(ChatMessageView::text).as("in the order sent, each once")
                    .containsExactlyElementsOf(texts.subList(0, stored.size()));
            assertThat(stored.size()).isGreaterThanOrEqualTo(ackedNow.size());
            ackedNow.forEach((key, seq) -> assertThat(stored.get((int) (seq - 1)).idempotencyKey()).isEqualTo(key));

            // The client resends what it never saw acked, with the same keys: nothing is stored twice.
            for (int i = 0; i < MESSAGES; i++) {
                if (!ackedNow.containsKey("k" + i)) {
                    send(patient, "k" + i, texts.get(i));
                }
            }
            assertThat(readAll(patient)).extracting(ChatMessageView::text).containsExactlyElementsOf(texts);
        }
    }
}
