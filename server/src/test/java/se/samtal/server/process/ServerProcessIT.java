package se.samtal.server.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samtal.client.SamtalClient;
import se.samtal.protocol.CloseCodes;
import se.samtal.server.testing.ServerProcess;
import se.samtal.server.testing.TestServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged server as operators run it: started from the jar, stopped with SIGTERM. */
class ServerProcessIT {
    @TempDir
    Path dir;
    private ServerProcess server;

    @BeforeEach
    void jarExists() {
        assertThat(ServerProcess.jar()).as("the shaded jar is built in the package phase").exists();
    }

    @AfterEach
    void kill() {
        if (server != null) {
            server.close();
        }
    }

    private String validConfig() {
        return ServerProcess.config(dir.resolve("data"), "");
    }

    @Test
    void sigtermTellsJoinedClientsGoingAwayAndExitsWithinTheDrainTime() throws Exception {
        server = ServerProcess.launch(dir, validConfig());
        int p = server.port();

        String session = book(p);
        String token = TestServer.sign(TestServer.platformClaims(session, "patient-1", "patient", Instant.now()).build(), TestServer.SECRET);
        try (var client = SamtalClient.create()) {
            var connection = client.join(URI.create("ws://127.0.0.1:" + p + "/ws"), token);
            assertThat(connection.welcome().session().id()).isEqualTo(session);
            server.process().toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its output)
            assertThat(connection.closed().get(10, TimeUnit.SECONDS).getCloseCode().getCode()).isEqualTo(CloseCodes.GOING_AWAY);
        }
        assertThat(server.process().waitFor(15, TimeUnit.SECONDS)).as("exits within the drain time").isTrue();
        assertThat(server.process().exitValue()).as("stopped normally: 0, as operations.md says").isZero();
        assertThat(server.outputDone(5)).isTrue();
        assertThat(server.output()).contains("Shutting down", "Stopped");
    }

    @Test
    void theDocumentedLogLevelVariableSetsTheLevelAndTheServerStarts() throws Exception {
        server = ServerProcess.launch(dir, validConfig(), java.util.Map.of("SAMTAL_LOG_LEVEL", "WARN"));
        int p = server.port(); // the console's "samtal is listening on …" is there whatever the level
        book(p);
        server.process().toHandle().destroy();
        assertThat(server.process().waitFor(15, TimeUnit.SECONDS)).isTrue();
        assertThat(server.outputDone(5)).isTrue();
        assertThat(server.output()).doesNotContain("unknown key").doesNotContain(" INFO ");
    }

    @Test
    void anInvalidConfigurationFailsAtStartAndNamesTheKey() throws Exception {
        server = ServerProcess.launch(dir, validConfig().replace("port: 0}", "port: 0, prot: 1}"));
        assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(server.outputDone(5)).isTrue();
        assertThat(server.process().exitValue()).isEqualTo(2);
        assertThat(server.output()).contains("http.prot: unknown key");
    }

    /** Books a visit starting now: the process runs on the system clock. */
    private static String book(int port) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        var body = java.util.Map.of("kind", "video", "scheduledStart", now.toString(),
                "scheduledEnd", now.plus(1, ChronoUnit.HOURS).toString());
        try (var http = HttpClient.newHttpClient()) {
            var response = TestServer.call(http, URI.create("http://127.0.0.1:" + port), "POST", "/api/v1/sessions", body,
                    TestServer.API_KEY);
            assertThat(response.status()).isEqualTo(201);
            return response.body().get("id").asText();
        }
    }
}
