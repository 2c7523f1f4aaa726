package se.samtal.server.dropin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import se.samtal.server.testing.TestServer;

import java.util.Map;

/** Drop-in test helpers for tests of other packages (the inbox). */
public final class DropInTestingAccess {
    private DropInTestingAccess() {
    }

    public static void entry(ObjectNode config, String id, int maxOpen, int newPerAddressPerHour) {
        DropInTesting.entry(config, id, maxOpen, newPerAddressPerHour);
    }

    public static TestServer.Response start(TestServer server, String entry, String text) {
        return DropInTesting.start(server, entry, text);
    }

    public static TestServer.Response visit(TestServer server, String entry, String field, String value) {
        return TestServer.call(java.net.http.HttpClient.newHttpClient(), server.baseUri(), "POST", "/drop-in/" + entry + "/visit",
                Map.of(field, value), null);
    }
}
