package se.samtal.server.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A WebSocket client that joins and then stops reading: the JDK's client reads only as many
 * messages as it is asked for, so after the welcome nothing more leaves the socket buffers (no
 * events are consumed, no pings answered). {@link #resumeReading()} lets it read again and see
 * how the connection ended.
 */
public final class StalledClient implements AutoCloseable {
    private final HttpClient http = HttpClient.newHttpClient();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final AtomicInteger pings = new AtomicInteger();
    private final WebSocket socket;

    private StalledClient(URI uri) throws Exception {
        socket = http.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket webSocket) {
                webSocket.request(1); // the welcome
            }

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                return null; // unlike the default listener, asks for nothing more
            }

            @Override
            public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
                pings.incrementAndGet();
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.complete(1006); // e.g. the server cut the socket before its close frame got through
            }
        }).get(5, TimeUnit.SECONDS);
    }

    /** Connects and says hello with {@code token}, then reads nothing after the welcome. */
    public static StalledClient join(URI uri, String token) throws Exception {
        var client = new StalledClient(uri);
        client.socket.sendText("{\"type\":\"hello\",\"id\":\"h\",\"token\":\"" + token + "\"}", true).get(5, TimeUnit.SECONDS);
        return client;
    }

    /** Reads everything left; {@link #closed()} then completes with the close code seen (1006 if none). */
    public void resumeReading() {
        socket.request(Long.MAX_VALUE);
    }

    public CompletableFuture<Integer> closed() {
        return closed;
    }

    /** Pings read after {@link #resumeReading()}. */
    public int pings() {
        return pings.get();
    }

    @Override
    public void close() {
        http.shutdownNow();
    }
}
