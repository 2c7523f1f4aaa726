package se.samtal.server.process;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samtal.client.SamtalClient;
import se.samtal.protocol.CloseCodes;
import se.samtal.server.tenant.Tenants;
import se.samtal.server.testing.TestServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged server as operators run it: started from the jar, stopped with SIGTERM. */
class ServerProcessIT {
    private static final Pattern LISTENING = Pattern.compile("Listening .*port=(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Process process;

    private static Path jar() {
        return Path.of(System.getProperty("samtal.jar", "target/samtal-server.jar"));
    }

    @BeforeEach
    void jarExists() {
        assertThat(jar()).as("the shaded jar is built in the package phase").exists();
    }

    @AfterEach
    void kill() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    private Process launch(String yaml) throws IOException {
        Path config = dir.resolve("samtal.yaml");
        Files.writeString(config, yaml);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-jar", jar().toString(), "--config", config.toString()).redirectErrorStream(true).start();
    }

    private String validConfig() {
        return """
                dataDir: %s
                http: {bindAddress: 127.0.0.1, port: 0}
                tokens: {signingSecret: "%s"}
                shutdown: {drainTimeout: 5s}
                tenants:
                  - id: %s
                    issuer: %s
                    keys: {hs256Secrets: ["%s"]}
                    apiKeys: [{id: platform, sha256: "%s"}]
                """.formatted(dir.resolve("data"), TestServer.SIGNING_SECRET, TestServer.TENANT, TestServer.ISSUER,
                TestServer.SECRET, Tenants.sha256Hex(TestServer.API_KEY));
    }

    @Test
    void sigtermTellsJoinedClientsGoingAwayAndExitsWithinTheDrainTime() throws Exception {
        process = launch(validConfig());
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        var port = new CompletableFuture<Integer>();
        Thread reader = Thread.ofVirtual().start(() -> readLines(process, output, port));
        int p = port.get(30, TimeUnit.SECONDS);

        String session = book(p);
        String token = TestServer.sign(TestServer.platformClaims(session, "patient-1", "patient").build(), TestServer.SECRET);
        try (var client = SamtalClient.create()) {
            var connection = client.join(URI.create("ws://127.0.0.1:" + p + "/ws"), token);
            assertThat(connection.welcome().session().id()).isEqualTo(session);
            process.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its output)
            assertThat(connection.closed().get(10, TimeUnit.SECONDS).getCloseCode().getCode()).isEqualTo(CloseCodes.GOING_AWAY);
        }
        assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("exits within the drain time").isTrue();
        assertThat(reader.join(java.time.Duration.ofSeconds(5))).isTrue();
        assertThat(String.join("\n", output)).contains("Shutting down", "Stopped");
    }

    @Test
    void anInvalidConfigurationFailsAtStartAndNamesTheKey() throws Exception {
        process = launch(validConfig().replace("port: 0}", "port: 0, prot: 1}"));
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output).contains("http.prot: unknown key");
    }

    private static String book(int port) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String body = JSON.writeValueAsString(java.util.Map.of("kind", "video", "scheduledStart", now.toString(),
                "scheduledEnd", now.plus(1, ChronoUnit.HOURS).toString()));
        try (var http = HttpClient.newHttpClient()) {
            var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/sessions"))
                    .header("Authorization", "Bearer " + TestServer.API_KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(201);
            return JSON.readTree(response.body()).get("id").asText();
        }
    }

    private static void readLines(Process process, List<String> output, CompletableFuture<Integer> port) {
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.add(line);
                var m = LISTENING.matcher(line);
                if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }
}
