package se.samtal.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client that connects from a chosen local address (any 127.0.0.x), with chosen
 * handshake headers (an {@code Origin}, say): the JDK's client, which can do both.
 */
public final class WebSocketFrom implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final WebSocket socket;
    private final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();

    private WebSocketFrom(HttpClient http, URI uri, Map<String, String> headers) {
        this.http = http;
        var builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        this.socket = builder.buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    texts.add(partial.toString());
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.complete(1006);
            }
        }).join();
    }

    public static WebSocketFrom open(InetAddress from, URI uri) {
        return open(from, uri, Map.of());
    }

    /** @throws java.util.concurrent.CompletionException if the handshake is refused */
    public static WebSocketFrom open(InetAddress from, URI uri, Map<String, String> headers) {
        var http = HttpClient.newBuilder().localAddress(from).connectTimeout(Duration.ofSeconds(5)).build();
        try {
            return new WebSocketFrom(http, uri, headers);
        } catch (RuntimeException e) {
            http.close();
            throw e;
        }
    }

    public void sendText(String text) {
        socket.sendText(text, true).join();
    }

    /** The next text frame, parsed; null if none comes within 5 s. */
    public JsonNode next() throws Exception {
        String text = texts.poll(5, TimeUnit.SECONDS);
        return text == null ? null : JSON.readTree(text);
    }

    /** Waits for an {@code error} frame and returns it as the exception a client would raise. */
    public SamtalException refusal() throws Exception {
        while (true) {
            JsonNode frame = next();
            if (frame == null) {
                throw new AssertionError("no error frame came");
            }
            if (frame.path("type").asText().equals("error")) {
                var code = ErrorCode.fromWire(frame.path("code").asText());
                return frame.has("retryAfterMs") ? SamtalException.rateLimited(frame.path("message").asText(),
                        frame.path("retryAfterMs").asLong()) : new SamtalException(code, frame.path("message").asText());
            }
        }
    }

    /** The close code the server sent (1006 if the connection broke without one), waiting up to 5 s. */
    public int closeCode() throws Exception {
        return closed.get(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        socket.abort();
        http.close();
    }
}
