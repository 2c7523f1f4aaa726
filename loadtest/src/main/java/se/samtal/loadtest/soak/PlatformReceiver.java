package se.samtal.loadtest.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * The platform's webhook endpoint: answers every delivery 200 and keeps what it learnt — which
 * sessions it was told ended ({@code session.ended}), which messages it was told of
 * ({@code message.created}: conversation and seq), and how many deliveries repeated an event
 * id (at least once means some may).
 */
final class PlatformReceiver implements AutoCloseable {
    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final Set<String> eventIds = ConcurrentHashMap.newKeySet();
    final Set<String> sessionsEnded = ConcurrentHashMap.newKeySet();
    final Set<String> messagesCreated = ConcurrentHashMap.newKeySet();
    final LongAdder deliveries = new LongAdder();
    final LongAdder repeated = new LongAdder();

    PlatformReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/webhook", exchange -> {
            try (exchange) {
                JsonNode event = json.readTree(exchange.getRequestBody().readAllBytes());
                deliveries.increment();
                if (!eventIds.add(event.path("id").asText())) {
                    repeated.increment();
                }
                JsonNode data = event.path("data");
                switch (event.path("type").asText()) {
                    case "session.ended" -> sessionsEnded.add(data.path("sessionId").asText());
                    case "message.created" -> messagesCreated.add(message(data.path("conversationId").asText(), data.path("seq").asLong()));
                    default -> {
                    }
                }
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.start();
    }

    static String message(String conversationId, long seq) {
        return conversationId + "#" + seq;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/webhook");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
