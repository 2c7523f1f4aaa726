package se.samtal.server.inbox;

import se.samtal.server.testing.TestServer;

import java.net.http.HttpClient;
import java.util.Map;

/** The care-team inbox's calls as its page makes them. */
final class InboxTesting {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private InboxTesting() {
    }

    /** A staff member's inbox token, minted by the platform of {@code apiKey}'s tenant. */
    static String staffToken(TestServer server, String apiKey, String ref, String name) {
        var minted = server.api("POST", "/api/v1/inbox/links", Map.of("ref", ref, "name", name), apiKey);
        if (minted.status() != 201) {
            throw new AssertionError("inbox link: " + minted.status() + " " + minted.body());
        }
        return minted.body().get("token").asText();
    }

    /** The same, for a staff member serving only {@code entries}' queues. */
    static String staffToken(TestServer server, String ref, String name, java.util.List<String> entries) {
        var minted = server.api("POST", "/api/v1/inbox/links", Map.of("ref", ref, "name", name, "entries", entries));
        if (minted.status() != 201) {
            throw new AssertionError("inbox link: " + minted.status() + " " + minted.body());
        }
        return minted.body().get("token").asText();
    }

    static TestServer.Response overview(TestServer server, String token) {
        return TestServer.call(HTTP, server.baseUri(), "GET", "/inbox/api/overview", null, token);
    }

    static TestServer.Response act(TestServer server, String token, String conversationId, String action, Object body) {
        return TestServer.call(HTTP, server.baseUri(), "POST", "/inbox/api/conversations/" + conversationId + "/" + action,
                body == null ? Map.of() : body, token);
    }
}
