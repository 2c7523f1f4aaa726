package se.samtal.server.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.server.testing.TestServer;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A platform that receives samtal's webhooks: signed, retried after failures, and free of names. */
class WebhookIT {
    private static final String SECRET = "platform-webhook-secret-that-is-long-enough";

    record Received(String signature, String body, JsonNode json) {
    }

    @Test
    void sessionMomentsReachThePlatformSignedAndFailedDeliveriesAreRetried() throws Exception {
        var received = new CopyOnWriteArrayList<Received>();
        var calls = new AtomicInteger();
        var json = new ObjectMapper();
        HttpServer platform = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        platform.createContext("/hooks", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean fail = calls.incrementAndGet() == 1; // the platform stumbles once
            if (!fail) {
                received.add(new Received(exchange.getRequestHeaders().getFirst("Samtal-Signature"), body, json.readTree(body)));
            }
            exchange.sendResponseHeaders(fail ? 503 : 204, -1);
            exchange.close();
        });
        platform.start();
        String url = "http://127.0.0.1:" + platform.getAddress().getPort() + "/hooks";
        try (var server = TestServer.start(config -> {
            config.putObject("webhooks").put("initialBackoff", "100ms");
            TestServer.tenant(config).putObject("webhook").put("url", url).put("secret", SECRET);
        })) {
            String session = server.bookSession();
            SamtalConnection therapist = server.join(server.link(session, "therapist-1"));
            SamtalConnection patient = server.join(server.link(session, "patient-1"));
            patient.request(ClientMessage.Leave::new).get(5, TimeUnit.SECONDS);
            therapist.request(ClientMessage.EndSession::new).get(5, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 5);
            assertThat(received).extracting(r -> r.json().get("type").asText()).containsExactlyInAnyOrder(
                    "session.started", "participant.joined", "participant.joined", "participant.left", "session.ended");
            assertThat(calls.get()).as("one failed attempt, then retried").isEqualTo(6);
            for (Received r : received) {
                String[] parts = r.signature().split(",");
                long t = Long.parseLong(parts[0].substring(2));
                String expected = WebhookDispatcher.sign(SECRET, t, r.body().getBytes(StandardCharsets.UTF_8));
                assertThat(parts[1]).isEqualTo("v1=" + expected);
                assertThat(r.json().get("tenant").asText()).isEqualTo(TestServer.TENANT);
                assertThat(r.json().get("data").get("sessionId").asText()).isEqualTo(session);
                assertThat(r.body()).doesNotContain("Tove", "Pim", "Uppföljning");
            }
            var left = received.stream().filter(r -> r.json().get("type").asText().equals("participant.left")).findFirst().orElseThrow();
            assertThat(left.json().get("data").get("participantRef").asText()).isEqualTo("patient-1");
            assertThat(left.json().get("data").get("reason").asText()).isEqualTo("left");
            var ended = received.stream().filter(r -> r.json().get("type").asText().equals("session.ended")).findFirst().orElseThrow();
            assertThat(ended.json().get("data").get("reason").asText()).isEqualTo("ended_by_host");
            assertThat(server.get("/metrics").raw().body()).contains("samtal_webhook_deliveries_total{outcome=\"delivered\",tenant=\"region-a\"} 5.0");
        } finally {
            platform.stop(0);
        }
    }

    @Test
    void backoffGrowsAndIsCapped() {
        var config = new se.samtal.server.config.WebhooksConfig(null, null, Duration.ofSeconds(1), Duration.ofSeconds(10), null);
        assertThat(WebhookDispatcher.backoff(config, 1)).isBetween(Duration.ofMillis(800), Duration.ofMillis(1200));
        assertThat(WebhookDispatcher.backoff(config, 3)).isBetween(Duration.ofMillis(3200), Duration.ofMillis(4800));
        assertThat(List.of(WebhookDispatcher.backoff(config, 10), WebhookDispatcher.backoff(config, 30)))
                .allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(12)));
    }
}
