package se.samtal.server.process;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samtal.client.SamtalClient;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.chat.ChatMessageView;
import se.samtal.server.testing.ServerProcess;
import se.samtal.server.testing.SmallDisk;
import se.samtal.server.testing.TestServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samtal.server.testing.ChatTesting.PATIENT;
import static se.samtal.server.testing.ChatTesting.readAll;

/**
 * The packaged server with its data directory on a real small file system (a 48 MiB tmpfs) that
 * fills up: it warns at start that the disk is smaller than it needs; while the disk is full it is
 * not ready, acknowledges no message without its audit entry and says "not stored" only of what
 * is not; once there is room it is ready again by itself, everything waiting is stored, the audit
 * trail is whole, and the write-ahead logs stayed within their bound.
 */
class FullDiskIT {
    private static final String LIMITS = """
            gateway: {requestBurst: 1000}
            chat: {messagesPerMinute: 6000, messageBurst: 1000}
            """;

    @TempDir
    Path dir;

    @Test
    void aFullDiskIsNotReadyAcksNothingUnrecordedAndRecoversWhenThereIsRoom() throws Exception {
        try (var disk = SmallDisk.mount(dir.resolve("disk"), 48)) {
            Path data = disk.path().resolve("data");
            try (var server = ServerProcess.launch(dir, ServerProcess.config(data, LIMITS));
                 var http = HttpClient.newHttpClient(); var client = SamtalClient.create()) {
                URI base = URI.create("http://127.0.0.1:" + server.port());
                await().atMost(Duration.ofSeconds(30)).until(() -> status(http, base) == 200);
                String conversation = TestServer.call(http, base, "POST", "/api/v1/conversations", Map.of("members", List.of(
                        Map.of("ref", PATIENT, "role", "patient"), Map.of("ref", "therapist-1", "role", "therapist"))),
                        TestServer.API_KEY).body().get("id").asText();
                String token = TestServer.call(http, base, "POST", "/api/v1/conversations/" + conversation + "/links",
                        Map.of("ref", PATIENT), TestServer.API_KEY).body().get("token").asText();
                SamtalConnection patient = client.join(URI.create("ws://127.0.0.1:" + server.port() + "/ws"), token);

                var texts = new HashMap<String, String>();
                var acked = new HashSet<String>();
                var notStored = new HashSet<String>();
                for (int i = 0; i < 20; i++) {
                    send(patient, "before-" + i, "Före " + i + " " + "x".repeat(2000), texts, acked, notStored);
                }
                assertThat(acked).hasSize(20);

                disk.fill();
                await("a node that cannot store is not ready").atMost(Duration.ofSeconds(30))
                        .until(() -> status(http, base) == 503);
                for (int i = 0; i < 30; i++) {
                    send(patient, "during-" + i, "Under " + i + " " + "y".repeat(2000), texts, acked, notStored);
                }
                assertThat(status(http, base)).isEqualTo(503);

                disk.free();
                await("ready again by itself once there is room").atMost(Duration.ofSeconds(60))
                        .until(() -> status(http, base) == 200);
                Set<String> storedKeys = new HashSet<>();
                readAll(patient).forEach(m -> storedKeys.add(m.idempotencyKey()));
                assertThat(storedKeys).as("\"not stored\" was true of every message it was said of").doesNotContainAnyElementsOf(notStored);
                assertThat(storedKeys).as("every acknowledged message is there").containsAll(acked);

                // The client sends again, with the same keys, whatever it does not know to be stored.
                for (String key : texts.keySet()) {
                    if (!acked.contains(key)) {
                        await().atMost(Duration.ofSeconds(30)).until(() -> {
                            send(patient, key, texts.get(key), texts, acked, notStored);
                            return acked.contains(key);
                        });
                    }
                }
                List<ChatMessageView> all = readAll(patient);
                assertThat(all).extracting(ChatMessageView::idempotencyKey).doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(texts.keySet());

                JsonNode log = TestServer.call(http, base, "GET", "/api/v1/audit/conversations/" + conversation
                        + "?limit=1000&verify=true", null, TestServer.API_KEY).body();
                // A sender's first message of each clock hour has the entry that stands for the hour;
                // the conversation's hash chain holds the rest.
                Map<String, Long> openedHours = new HashMap<>();
                for (JsonNode item : log.get("items")) {
                    if (item.get("action").asText().equals("chat.message_sent") && item.get("outcome").asText().equals("success")) {
                        openedHours.merge(item.get("detail").get("hour").asText(), item.get("detail").get("seq").asLong(), Math::min);
                    }
                }
                for (ChatMessageView message : all) {
                    String hour = message.sentAt().truncatedTo(java.time.temporal.ChronoUnit.HOURS).toString();
                    assertThat(openedHours.get(hour)).as("message " + message.seq() + " is in an hour the trail shows").isNotNull()
                            .isLessThanOrEqualTo(message.seq());
                }
                JsonNode chain = TestServer.call(http, base, "GET", "/api/v1/conversations/" + conversation + "/export", null,
                        TestServer.API_KEY).body().get("chain");
                assertThat(chain.get("status").asText()).as("the stored messages are the ones written").isEqualTo("intact");
                assertThat(chain.get("throughSeq").asLong()).isEqualTo(all.stream().mapToLong(ChatMessageView::seq).max().orElseThrow());
                assertThat(log.get("chain").get("verification").get("intact").asBoolean()).isTrue();
                assertThat(log.get("chain").get("verification").get("complete").asBoolean()).isTrue();
                for (String db : List.of("chat.db", "sessions.db")) {
                    Path wal = data.resolve(db + "-wal");
                    if (Files.exists(wal)) {
                        assertThat(Files.size(wal)).as(db + "'s write-ahead log stays bounded").isLessThanOrEqualTo(se.samtal.sqlite.SqliteDatabase.WAL_MAX_BYTES + 2L * 1024 * 1024);
                    }
                }
                patient.close();
                assertThat(server.output()).as("it warned at start that the disk is smaller than it needs")
                        .contains("less free space than samtal needs");
            }
        }
    }

    private static int status(HttpClient http, URI base) {
        try {
            return TestServer.call(http, base, "GET", "/readyz", null, null).status();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Sends and notes the outcome: acked, or (an error other than "unknown") not stored. */
    private static void send(SamtalConnection c, String key, String text, Map<String, String> texts, Set<String> acked,
                             Set<String> notStored) throws InterruptedException {
        texts.put(key, text);
        try {
            c.request(id -> new ClientMessage.ChatSend(id, null, key, text)).get(30, TimeUnit.SECONDS);
            acked.add(key);
            notStored.remove(key);
        } catch (ExecutionException e) {
            // Every error but outcome_unknown says the message was not stored (docs/protocol.md).
            if (((SamtalException) e.getCause()).code() != ErrorCode.OUTCOME_UNKNOWN && !acked.contains(key)) {
                notStored.add(key);
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no reply in 30 s", e);
        }
    }
}
