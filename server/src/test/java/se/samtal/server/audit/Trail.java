package se.samtal.server.audit;

import com.fasterxml.jackson.databind.JsonNode;
import se.samtal.server.testing.TestServer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading a tenant's audit trail through the platform API, as a provider would. */
final class Trail {
    private Trail() {
    }

    /**
     * One entry in few words, for comparing whole logs: the action, who acted (a person's ref, an
     * API credential, or the kind), the outcome with its code, and the person acted on.
     */
    record Seen(String action, String actor, String outcome, String subject) {
        static Seen of(JsonNode e) {
            var actor = e.path("actor");
            String who = actor.has("ref") ? actor.get("ref").asText()
                    : actor.has("credential") ? actor.get("credential").asText() : actor.get("kind").asText();
            String outcome = e.path("outcome").asText() + (e.has("code") ? ":" + e.get("code").asText() : "");
            return new Seen(e.path("action").asText(), who, outcome, e.path("subject").path("ref").asText(null));
        }
    }

    static Seen seen(String action, String actor) {
        return new Seen(action, actor, "success", null);
    }

    static Seen seen(String action, String actor, String subject) {
        return new Seen(action, actor, "success", subject);
    }

    static Seen refused(String action, String actor, String code) {
        return new Seen(action, actor, "refused:" + code, null);
    }

    /** Every entry of a session's or conversation's log ({@code sessions} or {@code conversations}), all pages. */
    static List<JsonNode> objectLog(TestServer server, String kind, String id) {
        var items = new ArrayList<JsonNode>();
        String cursor = null;
        do {
            var response = server.api("GET", "/api/v1/audit/" + kind + "/" + id + "?limit=50" + (cursor == null ? "" : "&cursor=" + cursor),
                    null);
            assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
            response.body().get("items").forEach(items::add);
            cursor = response.body().path("nextCursor").asText(null);
        } while (cursor != null);
        return items;
    }

    /** The log without the reads of the log itself (each read of a log is filed in it). */
    static List<Seen> withoutLogReads(List<JsonNode> items) {
        return items.stream().filter(e -> !e.path("action").asText().equals("audit.read")).map(Seen::of).toList();
    }

    static TestServer.Response patientLog(TestServer server, String apiKey, Map<String, Object> query) {
        return server.api("POST", "/api/v1/audit/patient-log", query, apiKey);
    }
}
