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

    public WebhookReceiver() {
        var json = new ObjectMapper();
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hooks", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Delivery(body, json.readTree(body)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
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
