package se.samtal.server.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samtal.server.testing.TestServer;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformApiIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Map<String, Object> session(Instant start, String title) {
        return Map.of("kind", "video", "title", title, "scheduledStart", start.toString(),
                "scheduledEnd", start.plus(45, ChronoUnit.MINUTES).toString(), "externalRef", "booking-4711",
                "participants", List.of(Map.of("ref", "t-1", "role", "therapist", "name", "Tove"),
                        Map.of("ref", "p-1", "role", "patient")));
    }

    /** Midnight UTC {@code days} days from now on the server's clock: bookings never depend on today's date. */
    private static Instant daysAhead(int days) {
        return server.now().truncatedTo(ChronoUnit.DAYS).plus(days, ChronoUnit.DAYS);
    }

    /** The listing window of the UTC day {@code at} falls on. */
    private static String theDayOf(Instant at) {
        Instant day = at.truncatedTo(ChronoUnit.DAYS);
        return "from=" + day + "&to=" + day.plus(1, ChronoUnit.DAYS);
    }

    @Test
    void aBookedSessionCanBeReadListedLinkedAndCancelled() {
        Instant start = daysAhead(7).plus(9, ChronoUnit.HOURS);
        var created = server.api("POST", "/api/v1/sessions", session(start, "Första samtalet"));
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().get("id").asText();
        assertThat(created.raw().headers().firstValue("Location")).hasValue("/api/v1/sessions/" + id);
        assertThat(created.raw().headers().firstValue("X-Request-Id")).isPresent();
        assertThat(created.body().get("status").asText()).isEqualTo("scheduled");
        assertThat(created.body().get("scheduledStart").asText()).isEqualTo(start.toString());

        var read = server.api("GET", "/api/v1/sessions/" + id, null);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(created.body());

        var listed = server.api("GET", "/api/v1/sessions?" + theDayOf(start), null);
        assertThat(listed.body().get("items").findValuesAsText("id")).contains(id);

        var link = server.api("POST", "/api/v1/sessions/" + id + "/links", Map.of("ref", "p-1"));
        assertThat(link.status()).isEqualTo(201);
        assertThat(link.body().get("url").asText()).startsWith(server.baseUri() + "/join#").doesNotContain("?");
        assertThat(link.body().get("role").asText()).isEqualTo("patient");

        var guest = server.api("POST", "/api/v1/sessions/" + id + "/links",
                Map.of("ref", "interpreter-9", "role", "interpreter", "name", "Tolk", "ttlSeconds", 600));
        assertThat(guest.status()).isEqualTo(201);
        var unknownWithoutRole = server.api("POST", "/api/v1/sessions/" + id + "/links", Map.of("ref", "nobody"));
        assertThat(unknownWithoutRole.status()).isEqualTo(400);

        var cancelled = server.api("POST", "/api/v1/sessions/" + id + "/cancel", null);
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.body().get("status").asText()).isEqualTo("cancelled");
        assertThat(server.api("POST", "/api/v1/sessions/" + id + "/cancel", null).status()).as("cancel is idempotent").isEqualTo(200);
        assertThat(server.api("POST", "/api/v1/sessions/" + id + "/links", Map.of("ref", "p-1")).errorCode())
                .isEqualTo("session_cancelled");
    }

    @Test
    void listingPagesThroughAWindowInStartOrder() {
        Instant day = daysAhead(30).plus(8, ChronoUnit.HOURS);
        var ids = new java.util.ArrayList<String>();
        for (int i = 0; i < 5; i++) {
            ids.add(server.api("POST", "/api/v1/sessions", session(day.plus(i, ChronoUnit.HOURS), "s" + i)).body().get("id").asText());
        }
        var seen = new java.util.ArrayList<String>();
        String cursor = null;
        do {
            var page = server.api("GET", "/api/v1/sessions?" + theDayOf(day) + "&limit=2"
                    + (cursor != null ? "&cursor=" + cursor : ""), null);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body().get("items").size()).isLessThanOrEqualTo(2);
            page.body().get("items").forEach(item -> seen.add(item.get("id").asText()));
            cursor = page.body().has("nextCursor") ? page.body().get("nextCursor").asText() : null;
        } while (cursor != null);
        assertThat(seen).containsExactlyElementsOf(ids);
    }

    @Test
    void callsWithoutOrWithAWrongCredentialAreRefusedAndChangeNothing() {
        Instant start = daysAhead(60).plus(9, ChronoUnit.HOURS);
        var none = server.api("POST", "/api/v1/sessions", session(start, "x"), null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.errorCode()).isEqualTo("unauthorized");
        assertThat(none.raw().headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        var wrong = server.api("POST", "/api/v1/sessions", session(start, "x"), "sk_guessed");
        assertThat(wrong.status()).isEqualTo(401);
        var listed = server.api("GET", "/api/v1/sessions?" + theDayOf(start), null);
        assertThat(listed.body().get("items")).isEmpty();
    }

    @Test
    void aTenantNeverSeesOrTouchesAnotherTenantsSessions() {
        String ofA = server.bookSession();
        String key = TestServer.OTHER_API_KEY;
        assertThat(server.api("GET", "/api/v1/sessions/" + ofA, null, key).status()).isEqualTo(404);
        assertThat(server.api("POST", "/api/v1/sessions/" + ofA + "/cancel", null, key).status()).isEqualTo(404);
        assertThat(server.api("POST", "/api/v1/sessions/" + ofA + "/links", Map.of("ref", "x", "role", "therapist"), key).status())
                .isEqualTo(404);
        Instant now = server.now();
        var listedByB = server.api("GET", "/api/v1/sessions?from=" + now.minus(1, ChronoUnit.DAYS) + "&to=" + now.plus(1, ChronoUnit.DAYS),
                null, key);
        assertThat(listedByB.body().get("items").findValuesAsText("id")).doesNotContain(ofA);
        assertThat(server.api("GET", "/api/v1/sessions/" + ofA, null).body().get("status").asText()).isEqualTo("scheduled");
    }

    @Test
    void invalidBookingsGetATypedErrorThatNamesTheProblem() {
        Instant start = daysAhead(90).plus(9, ChronoUnit.HOURS);
        var cases = List.of(
                Map.of("kind", "hologram", "scheduledStart", start.toString(), "scheduledEnd", start.plusSeconds(60).toString()),
                Map.of("kind", "video", "scheduledStart", start.toString(), "scheduledEnd", start.minusSeconds(60).toString()),
                Map.of("kind", "video", "scheduledStart", start.toString(), "scheduledEnd", start.plus(13, ChronoUnit.HOURS).toString()),
                Map.of("kind", "video", "scheduledStart", "tomorrow", "scheduledEnd", start.toString()),
                Map.of("kind", "video", "scheduledStart", start.toString(), "scheduledEnd", start.plusSeconds(60).toString(),
                        "participants", List.of(Map.of("ref", "a", "role", "pilot"))),
                Map.of("kind", "video", "scheduledStart", start.toString(), "scheduledEnd", start.plusSeconds(60).toString(),
                        "participants", List.of(Map.of("ref", "a", "role", "patient"), Map.of("ref", "a", "role", "patient"))),
                Map.of("kind", "video", "title", "x".repeat(201), "scheduledStart", start.toString(),
                        "scheduledEnd", start.plusSeconds(60).toString()),
                Map.of("kind", "video", "surprise", true, "scheduledStart", start.toString(), "scheduledEnd", start.plusSeconds(60).toString()));
        var messages = new HashSet<String>();
        for (var body : cases) {
            var response = server.api("POST", "/api/v1/sessions", body);
            assertThat(response.status()).as(body.toString()).isEqualTo(400);
            assertThat(response.errorCode()).isEqualTo("bad_request");
            messages.add(response.body().get("error").get("message").asText());
        }
        assertThat(messages).hasSize(cases.size());
        assertThat(server.api("POST", "/api/v1/sessions", "{\"kind\": ").errorCode()).isEqualTo("malformed_json");
        var listed = server.api("GET", "/api/v1/sessions?" + theDayOf(start), null);
        assertThat(listed.body().get("items")).isEmpty();
    }

    @Test
    void wrongMethodsMediaTypesAndPathsAreTyped() {
        String id = server.bookSession();
        assertThat(server.api("DELETE", "/api/v1/sessions/" + id, null).errorCode()).isEqualTo("method_not_allowed");
        var text = server.api("POST", "/api/v1/sessions", null);
        assertThat(text.errorCode()).isEqualTo("unsupported_media_type");
        assertThat(server.api("GET", "/api/v1/nothing-here", null).status()).isEqualTo(404);
        assertThat(server.api("GET", "/api/v1/sessions?from=yesterday&to=today", null).errorCode()).isEqualTo("bad_request");
        assertThat(server.api("GET", "/api/v1/sessions?from=2027-01-01T00:00:00Z&to=2027-06-01T00:00:00Z", null).errorCode())
                .isEqualTo("bad_request");
        assertThat(server.api("GET", "/api/v1/sessions?from=2027-01-01T00:00:00Z&to=2027-01-02T00:00:00Z&cursor=bm90LWEtY3Vyc29y", null)
                .errorCode()).isEqualTo("bad_request");
        assertThat(server.api("GET", "/api/v1/sessions/..%2F..%2Fetc", null).status()).isEqualTo(404);
    }

    @Test
    void aTenantCannotBookBeyondItsLimit() {
        try (var limited = TestServer.start(config -> TestServer.tenant(config).putObject("policy").put("maxScheduledSessions", 2))) {
            limited.bookSession();
            limited.bookSession();
            Instant now = limited.now();
            var third = limited.api("POST", "/api/v1/sessions", session(now, "third"));
            assertThat(third.status()).isEqualTo(429);
            assertThat(third.errorCode()).isEqualTo("tenant_limit_reached");
            assertThat(limited.api("POST", "/api/v1/sessions", session(now, "other tenant"), TestServer.OTHER_API_KEY).status())
                    .isEqualTo(201);
        }
    }

    @Test
    void healthReadinessAndMetricsAnswer() {
        assertThat(server.get("/healthz").status()).isEqualTo(200);
        var ready = server.get("/readyz");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body().get("checks").get("store").asText()).isEqualTo("ok");
        var metrics = server.get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.raw().body()).contains("samtal_connections_open", "samtal_http_requests_total", "jvm_memory_used_bytes");
        assertThat(metrics.raw().body()).doesNotContainPattern("route=\"/api/v1/sessions/s_");
    }
}
