package se.samtal.server.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samtal.client.SamtalClient;
import se.samtal.protocol.ClientMessage;
import se.samtal.server.testing.ServerProcess;
import se.samtal.server.testing.TestServer;
import se.samtal.server.testing.WebhookReceiver;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks wait in a durable outbox: a visit ends while the platform is away, the server is
 * killed (SIGKILL) and started again, and the platform, back, receives every event of the visit,
 * once each and in order, session.ended last (with its visit record).
 */
class DurableWebhooksIT {
    private static final String FAST_RETRIES = """
            webhooks: {initialBackoff: 200ms, maxBackoff: 1s, maxAttempts: 100}
            """;

    @TempDir
    Path dir;
    private final List<ServerProcess> processes = new ArrayList<>();

    @AfterEach
    void killAll() {
        processes.forEach(ServerProcess::close);
    }

    private ServerProcess start(WebhookReceiver platform) throws Exception {
        var process = ServerProcess.launch(dir, ServerProcess.config(dir.resolve("data"), FAST_RETRIES, platform.tenantYaml()));
        processes.add(process);
        return process;
    }

    @Test
    void aVisitThatEndedWhileThePlatformWasAwayReachesItAfterAKillAndARestart() throws Exception {
        try (var platform = new WebhookReceiver(); var http = HttpClient.newHttpClient(); var client = SamtalClient.create()) {
            platform.down(true);
            ServerProcess first = start(platform);
            URI base = URI.create("http://127.0.0.1:" + first.port());
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            String session = TestServer.call(http, base, "POST", "/api/v1/sessions", Map.of("kind", "video",
                    "scheduledStart", now.toString(), "scheduledEnd", now.plus(1, ChronoUnit.HOURS).toString(),
                    "participants", List.of(Map.of("ref", "therapist-1", "role", "therapist"))), TestServer.API_KEY)
                    .body().get("id").asText();
            String token = TestServer.call(http, base, "POST", "/api/v1/sessions/" + session + "/links",
                    Map.of("ref", "therapist-1"), TestServer.API_KEY).body().get("token").asText();
            var therapist = client.join(URI.create("ws://127.0.0.1:" + first.port() + "/ws"), token);
            therapist.request(ClientMessage.EndSession::new).get(10, TimeUnit.SECONDS);
            // The platform refuses: every event is tried at least once, and waits.
            await().atMost(Duration.ofSeconds(30)).until(() -> platform.refused() >= 1);

            first.process().toHandle().destroyForcibly(); // SIGKILL: nothing in memory survives
            assertThat(first.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
            platform.down(false);
            start(platform).port();

            await().atMost(Duration.ofSeconds(30)).until(() -> !platform.ofType("session.ended").isEmpty());
            var delivered = platform.all();
            assertThat(delivered).extracting(WebhookReceiver.Delivery::type)
                    .as("every event of the visit, once, in order").containsExactly("session.started", "participant.joined", "session.ended");
            assertThat(delivered).extracting(d -> d.json().get("id").asText()).doesNotHaveDuplicates();
            assertThat(delivered).allSatisfy(d -> assertThat(d.json().get("data").get("sessionId").asText()).isEqualTo(session));
            var ended = platform.ofType("session.ended").getFirst().json().get("data");
            assertThat(ended.get("record").get("sessionId").asText()).as("session.ended carries the visit record through the outbox")
                    .isEqualTo(session);
            assertThat(ended.get("record").get("kind").asText()).isEqualTo("video");
        }
    }
}
