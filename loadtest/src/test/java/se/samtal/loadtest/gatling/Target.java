package se.samtal.loadtest.gatling;

import se.samtal.loadtest.process.SamtalServerProcess;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The samtal a scenario talks to: the one at {@code -Dsamtal.url} (with the tenant's platform API
 * key in the environment variable {@code SAMTAL_API_KEY}, or {@code -Dsamtal.apiKey}), or, without
 * a URL, the packaged jar ({@code -Dsamtal.jar}) started for the run in a process of its own, with
 * the production defaults (every limit as shipped).
 */
final class Target implements AutoCloseable {
    private final URI base;
    private final String apiKey;
    private final SamtalServerProcess started;

    private Target(URI base, String apiKey, SamtalServerProcess started) {
        this.base = base;
        this.apiKey = apiKey;
        this.started = started;
    }

    static Target resolve(String scenario) {
        String url = System.getProperty("samtal.url", "").strip();
        if (!url.isEmpty()) {
            String key = System.getProperty("samtal.apiKey", "").strip();
            if (key.isEmpty()) {
                key = System.getenv().getOrDefault("SAMTAL_API_KEY", "").strip();
            }
            if (key.isEmpty()) {
                throw new IllegalArgumentException("a URL needs the tenant's platform API key in SAMTAL_API_KEY");
            }
            return new Target(URI.create(url.replaceAll("/+$", "")), key, null);
        }
        Path jar = Path.of(System.getProperty("samtal.jar", "../server/target/samtal-server.jar"));
        Path dir = Path.of(System.getProperty("loadtest.dir", "target"), "gatling-server",
                scenario + "-" + Instant.now().toString().replace(":", ""));
        try {
            var server = SamtalServerProcess.start(jar, dir, List.of("-Xms512m", "-Xmx1g", "-XX:+UseG1GC"), null);
            System.out.println("Started samtal for " + scenario + " at " + server.baseUri() + " (log: " + server.process().log() + ")");
            return new Target(server.baseUri(), server.apiKey(), server);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String baseUrl() {
        return base.toString();
    }

    String webSocketBase() {
        return base.toString().replaceFirst("^http", "ws");
    }

    String apiKey() {
        return apiKey;
    }

    @Override
    public void close() {
        if (started != null) {
            started.close();
        }
    }
}
