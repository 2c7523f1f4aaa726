package se.samtal.server.gateway;

import io.netty.channel.ChannelHandler;
import se.samtal.protocol.CloseCodes;
import se.samtal.protocol.WireCodec;
import se.samtal.server.audit.VisitAudit;
import se.samtal.server.auth.TokenVerifier;
import se.samtal.server.config.GatewayConfig;
import se.samtal.server.config.TokensConfig;
import se.samtal.server.metrics.SamtalMetrics;
import se.samtal.server.net.ClientAddresses;
import se.samtal.server.throttle.FailedAuthentications;

import java.util.concurrent.Executor;

/**
 * The WebSocket gateway: what every connection shares (codec, limits, handlers) and the set of
 * open connections, so shutdown can tell each one it is going away.
 */
public final class Gateway {
    final WireCodec codec;
    final GatewayConfig config;
    final SamtalMetrics metrics;
    final Dispatcher dispatcher;
    final HelloHandler hello;
    final RateLimiter rateLimiter;
    final TokensConfig tokens;
    final Executor blocking;
    final ClientAddresses clientAddresses;
    /** Holds nothing of a connection: one for all of them. */
    final FrameViolations frameViolations = new FrameViolations();
    /** Pings, idle timeouts and resume-token refreshes of every connection. */
    final Heartbeats heartbeats;
    private volatile boolean shuttingDown;

    public Gateway(WireCodec codec, GatewayConfig config, TokensConfig tokens, SamtalMetrics metrics, Dispatcher dispatcher,
                   RateLimiter rateLimiter, TokenVerifier verifier, SessionDoor sessions, ConversationDoor conversations,
                   VisitAudit audit, Executor blocking, ClientAddresses clientAddresses, FailedAuthentications failures) {
        this.clientAddresses = clientAddresses;
        this.codec = codec;
        this.config = config;
        this.tokens = tokens;
        this.metrics = metrics;
        this.dispatcher = dispatcher;
        this.rateLimiter = rateLimiter;
        this.blocking = blocking;
        this.heartbeats = new Heartbeats(config.pingInterval(), config.idleTimeout(), tokens.resumeTtl());
        this.hello = new HelloHandler(verifier, sessions, conversations, metrics, audit, blocking, failures);
    }

    /** A handler for one new channel (handlers keep per-connection state, so each gets its own). */
    public ChannelHandler newHandler() {
        return new GatewayHandler(this);
    }

    /** On the connection's event loop, when it opened; false if the server is shutting down (then close it). */
    boolean register(Connection connection) {
        heartbeats.add(connection);
        return !shuttingDown;
    }

    /** On the connection's event loop, when it has gone. */
    void unregister(Connection connection) {
        heartbeats.remove(connection);
    }

    /** Refuses new connections and tells every open one to go away (1001), so clients reconnect elsewhere. */
    public void goingAway() {
        shuttingDown = true;
        heartbeats.forEach(connection -> connection.close(CloseCodes.GOING_AWAY, "server shutting down"));
    }

    /**
     * Tells every open connection to reconnect (1001), without refusing new ones: cluster mode,
     * when this node was taken for gone and its clients' places must be taken up again.
     */
    public void reconnectAll() {
        heartbeats.forEach(connection -> connection.close(CloseCodes.GOING_AWAY, "reconnect"));
    }

    public int openConnections() {
        return heartbeats.count();
    }

    public boolean isShuttingDown() {
        return shuttingDown;
    }
}
