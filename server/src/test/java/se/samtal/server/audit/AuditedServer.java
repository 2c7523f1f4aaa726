package se.samtal.server.audit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import se.samtal.server.testing.TestServer;

/**
 * For audit tests that share one test server per class: the server, and the audit stream it
 * writes, captured from before it starts.
 */
abstract class AuditedServer {
    /** The API credential id of the first tenant's platform: the actor of its API calls. */
    static final String PLATFORM = TestServer.TENANT + "-platform";
    static TestServer server;
    static AuditStream stream;

    @BeforeAll
    static void startAuditedServer() {
        stream = new AuditStream();
        server = TestServer.start();
    }

    @AfterAll
    static void stopAuditedServer() {
        server.close();
        stream.close();
    }
}
