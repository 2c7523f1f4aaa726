package se.samtal.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A platform's webhook endpoint on loopback that keeps every delivery it receives. */
public final class WebhookReceiver implements AutoCloseable {
    public static final String SECRET = "platform-webhook-secret-that-is-long-enough";

    /** One delivery: the raw body and it parsed. */
    public record Delivery(String body, JsonNode json) {
        public String type() {
            return json.get("type").asText();
        }
    }

    private final HttpServer server;
    private final List<Delivery> received = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean down;

    public WebhookReceiver() {
        var json = new ObjectMapper();
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hooks", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (down) {
                refused.incrementAndGet();
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            received.add(new Delivery(body, json.readTree(body)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    /** While down, every delivery is answered 503 (and counted, not kept): a platform that is away. */
    public void down(boolean down) {
        this.down = down;
    }

    /** Deliveries answered 503 while down. */
    public int refused() {
        return refused.get();
    }

    /** Every delivery kept, in arrival order. */
    public List<Delivery> all() {
        return List.copyOf(received);
    }

    /** The YAML of a tenant's webhook pointing here (for {@link ServerProcess#config(java.nio.file.Path, String, String)}). */
    public String tenantYaml() {
        return "    webhook: {url: \"" + url() + "\", secret: \"" + SECRET + "\"}\n";
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    /** The deliveries of one type, in arrival order. */
    public List<Delivery> ofType(String type) {
        return received.stream().filter(d -> d.type().equals(type)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
