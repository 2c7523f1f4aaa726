package se.samtal.server.dropin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import se.samtal.server.testing.TestServer;

import java.util.Map;

/** Drop-in entries for tests, and calls to their public endpoints as a browser makes them (no credential). */
final class DropInTesting {
    private DropInTesting() {
    }

    /** Adds an entry to the test tenant ({@code region-a}) with these limits. */
    static void entry(ObjectNode config, String id, int maxOpen, int newPerAddressPerHour) {
        entryIn(TestServer.tenant(config), id, maxOpen, newPerAddressPerHour);
    }

    static void entryIn(ObjectNode tenant, String id, int maxOpen, int newPerAddressPerHour) {
        var dropIn = tenant.has("dropIn") ? (ObjectNode) tenant.get("dropIn") : tenant.putObject("dropIn");
        var entries = dropIn.has("entries") ? (com.fasterxml.jackson.databind.node.ArrayNode) dropIn.get("entries")
                : dropIn.putArray("entries");
        var entry = entries.addObject().put("id", id).put("maxOpen", maxOpen).put("newPerAddressPerHour", newPerAddressPerHour);
        entry.putObject("title").put("sv", "Chatta med BUP").put("en", "Chat with BUP");
        entry.putObject("answeredBy").put("sv", "Kuratorer på BUP").put("en", "Counsellors at BUP");
        entry.putObject("replyWithin").put("amount", 1).put("unit", "workdays");
        var places = entry.putArray("whereToTurn");
        places.addObject().put("name", "112").put("phone", "112").put("sv", "Vid fara för liv").put("en", "If a life is in danger");
        places.addObject().put("name", "BRIS").put("phone", "116 111").put("url", "https://www.bris.se")
                .put("sv", "För dig under 18").put("en", "For you under 18");
    }

    static TestServer.Response start(TestServer server, String entry, String text) {
        return TestServer.call(java.net.http.HttpClient.newHttpClient(), server.baseUri(), "POST", "/drop-in/" + entry + "/start",
                Map.of("text", text), null);
    }

    static TestServer.Response comeBack(TestServer server, String entry, String field, String value) {
        return TestServer.call(java.net.http.HttpClient.newHttpClient(), server.baseUri(), "POST", "/drop-in/" + entry + "/return",
                Map.of(field, value), null);
    }

    static TestServer.Response about(TestServer server, String entry) {
        return TestServer.call(java.net.http.HttpClient.newHttpClient(), server.baseUri(), "GET", "/drop-in/" + entry + "/about",
                null, null);
    }
}
