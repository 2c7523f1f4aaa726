package se.samtal.server.testing;

import se.samtal.server.tenant.Tenants;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The packaged server as operators run it: {@code java -jar samtal-server.jar --config FILE} in
 * a JVM of its own, with its output collected and the port it bound read from its log.
 */
public final class ServerProcess implements AutoCloseable {
    /** The operational log's line, or the console's (there whatever SAMTAL_LOG_LEVEL says). */
    private static final Pattern LISTENING = Pattern.compile("(?:Listening .*port=|samtal is listening on http://[^:/]+:)(\\d+)");

    private final Process process;
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final Thread reader;

    private ServerProcess(Process process) {
        this.process = process;
        this.reader = Thread.ofVirtual().start(this::readLines);
    }

    /** The shaded jar the package phase built. */
    public static Path jar() {
        return Path.of(System.getProperty("samtal.jar", "target/samtal-server.jar"));
    }

    /** Writes {@code yaml} to {@code dir/samtal.yaml} and starts the jar with it. */
    public static ServerProcess launch(Path dir, String yaml) throws IOException {
        return launch(dir, yaml, java.util.Map.of());
    }

    /** The same, with {@code env} added to the process's environment. */
    public static ServerProcess launch(Path dir, String yaml, java.util.Map<String, String> env) throws IOException {
        Path config = dir.resolve("samtal.yaml");
        Files.writeString(config, yaml);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var builder = new ProcessBuilder(java, "-jar", jar().toString(), "--config", config.toString()).redirectErrorStream(true);
        builder.environment().putAll(env);
        return new ServerProcess(builder.start());
    }

    /** A valid configuration with the test tenant, its data in {@code dataDir}, on a free port; {@code extra} is appended. */
    public static String config(Path dataDir, String extra) {
        return config(dataDir, extra, "");
    }

    /** The same, with {@code tenantExtra} (YAML lines at the tenant's indentation, e.g. {@code "    webhook: {…}\n"}) in the tenant. */
    public static String config(Path dataDir, String extra, String tenantExtra) {
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
                """.formatted(dataDir, TestServer.SIGNING_SECRET, TestServer.TENANT, TestServer.ISSUER,
                TestServer.SECRET, Tenants.sha256Hex(TestServer.API_KEY)) + tenantExtra + extra;
    }

    /** Waits for the server to say which port it listens on. */
    public int port() throws Exception {
        return port.get(30, TimeUnit.SECONDS);
    }

    public Process process() {
        return process;
    }

    /** Everything the process has printed so far. */
    public String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** Waits until the process has printed everything (it has ended). */
    public boolean outputDone(long seconds) throws InterruptedException {
        return reader.join(java.time.Duration.ofSeconds(seconds));
    }

    private void readLines() {
        try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
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

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
