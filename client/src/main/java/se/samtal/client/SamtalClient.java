package se.samtal.client;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.WireCodec;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Connects to samtal over WebSocket. One client can hold many connections; close it when done.
 *
 * <pre>{@code
 * try (var client = SamtalClient.create()) {
 *     SamtalConnection c = client.join(URI.create("ws://127.0.0.1:8080/ws"), token);
 *     c.welcome().participants();
 *     c.request(id -> new ClientMessage.SetPresence(id, PresenceState.AWAY)).get();
 * }
 * }</pre>
 */
public final class SamtalClient implements AutoCloseable {
    /** How long {@link #join} waits for the welcome. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /**
     * How long a request waits for its reply before it fails with {@code outcome_unknown}: longer
     * than any answer that waits for the store or the audit trail (docs/protocol.md).
     */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final ClientManager manager;
    private final WireCodec codec = new WireCodec();
    private final Duration requestTimeout;

    private SamtalClient(ClientManager manager, Duration requestTimeout) {
        this.manager = manager;
        this.requestTimeout = requestTimeout;
    }

    public static SamtalClient create() {
        return create(DEFAULT_REQUEST_TIMEOUT);
    }

    /** A client whose requests fail with {@code outcome_unknown} when no reply came within {@code requestTimeout}. */
    public static SamtalClient create(Duration requestTimeout) {
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("the request timeout must be positive");
        }
        ClientManager manager = new KeptClientManager();
        manager.getProperties().put(ClientProperties.HANDSHAKE_TIMEOUT, 10_000);
        return new SamtalClient(manager, requestTimeout);
    }

    /** Opens a WebSocket without saying hello (for callers who want to send it themselves). */
    public SamtalConnection open(URI webSocketUri) throws IOException {
        var connection = new SamtalConnection(codec, requestTimeout);
        try {
            manager.connectToServer(connection.endpoint(), ClientEndpointConfig.Builder.create().build(), webSocketUri);
        } catch (DeploymentException e) {
            throw new IOException("Could not connect to " + webSocketUri.getScheme() + "://" + webSocketUri.getAuthority()
                    + ": " + e.getMessage(), e);
        }
        return connection;
    }

    /**
     * Opens a connection and joins with the token from a join link. Returns once the welcome
     * arrived; throws {@link SamtalException} with the server's code if the join was refused.
     */
    public SamtalConnection join(URI webSocketUri, String token) throws IOException {
        return hello(open(webSocketUri), id -> ClientMessage.Hello.withToken(id, token));
    }

    /** Reconnects with a resume token, asking for the session events after {@code lastSeq}. */
    public SamtalConnection resume(URI webSocketUri, String resumeToken, long lastSeq) throws IOException {
        return hello(open(webSocketUri), id -> ClientMessage.Hello.resuming(id, resumeToken, lastSeq));
    }

    /** Reconnects {@code previous}'s participant on a new connection, using its newest resume token and sequence. */
    public SamtalConnection resume(URI webSocketUri, SamtalConnection previous) throws IOException {
        return resume(webSocketUri, previous.resumeToken(), previous.lastSeq());
    }

    private SamtalConnection hello(SamtalConnection connection, java.util.function.Function<String, ClientMessage.Hello> hello)
            throws IOException {
        try {
            connection.hello(hello).get(DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return connection;
        } catch (ExecutionException e) {
            connection.close();
            if (e.getCause() instanceof SamtalException se) {
                throw se;
            }
            throw new IOException("hello failed", e.getCause());
        } catch (TimeoutException e) {
            connection.close();
            throw new SamtalException(ErrorCode.HELLO_TIMEOUT, "No welcome within " + DEFAULT_TIMEOUT.toSeconds() + " s.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connection.close();
            throw new IOException("interrupted", e);
        }
    }

    /** Encodes messages the way the server expects them (for sending hand-made frames). */
    public WireCodec codec() {
        return codec;
    }

    @Override
    public void close() {
        manager.shutdown();
    }

    /**
     * Tyrus shuts its executors down whenever its last connection closes, and a connection that
     * opens at that moment gets a dead executor (eclipse-ee4j/tyrus#640: its first send fails with
     * RejectedExecutionException). This manager keeps them until {@link #close()} says so.
     */
    private static final class KeptClientManager extends ClientManager {
        @Override
        protected void shutdown(ShutDownCondition condition) {
            // idle is not closed: executors stay until shutdown()
        }
    }

    /** Whether a reply is a welcome (the answer to hello). */
    static boolean isWelcome(ServerMessage message) {
        return message instanceof ServerMessage.Welcome;
    }
}
