package se.samtal.server.audit;

import com.fasterxml.jackson.databind.JsonNode;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.server.testing.TestServer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Reading a tenant's audit trail through the platform API, as a provider would; and requests refused on the way. */
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

    /** The code a WebSocket request was refused with; fails the test if it succeeded. */
    static ErrorCode refusal(CompletableFuture<?> request) {
        var failure = catchThrowableOfType(ExecutionException.class, () -> request.get(10, TimeUnit.SECONDS));
        assertThat(failure).as("the request should be refused").isNotNull();
        return ((SamtalException) failure.getCause()).code();
    }

    /** Says hello with {@code token} on a new connection; the code it was refused with. */
    static ErrorCode refusedHello(TestServer server, String token) throws IOException {
        SamtalConnection connection = server.client().open(server.wsUri());
        return refusal(connection.hello(id -> ClientMessage.Hello.withToken(id, token)));
    }

    static TestServer.Response patientLog(TestServer server, String apiKey, Map<String, Object> query) {
        return server.api("POST", "/api/v1/audit/patient-log", query, apiKey);
    }
}
