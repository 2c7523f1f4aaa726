package se.samtal.server.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.server.config.GatewayConfig;
import se.samtal.server.config.HttpConfig;
import se.samtal.server.gateway.Gateway;
import se.samtal.server.net.ClientAddresses;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The public port: HTTP/1.1 with keep-alive (HTTPS with {@code http.tls}), and WebSocket at
 * {@code /ws}; and, with {@code http.managementPort}, a second port for operators
 * ({@code /metrics}, {@code /healthz}, {@code /readyz}). Uses native epoll where Netty has it
 * for this platform, NIO otherwise.
 *
 * <pre>
 * [TLS] → HttpServerCodec (line 4 KiB, headers 8 KiB) → [HSTS] → keep-alive → aggregator (typed 413)
 *   → unreadable requests (431, 414, 400) → idle → WebSocket origins → WebSocket protocol (at /ws)
 *   → frame aggregator → HttpRouter (HTTP requests) → HTTP-only handlers → GatewayHandler (WebSocket frames)
 * </pre>
 *
 * <p>After the upgrade to WebSocket (Netty's handshake swaps the codec for the frame decoder and
 * encoder and takes the aggregator out) {@link HttpOnlyHandlers} takes out what only HTTP needs
 * (HSTS, keep-alive, unreadable requests, the HTTP idle timer, origins, the router), so a held connection is:
 *
 * <pre>
 * [TLS] → frame encoder, frame decoder → FrameViolations → WebSocket protocol
 *   → frame aggregator → GatewayHandler (which checks that each text message is UTF-8)
 * </pre>
 *
 * <p>"idle" closes an HTTP keep-alive connection after {@code gateway.pingInterval} without a
 * request; a WebSocket connection has no timer of its own: its pings, idle timeout and
 * resume-token refreshes come from its event loop's heartbeat sweep (the gateway's
 * {@code Heartbeats}).
 */
public final class HttpServer {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    public static final String WEBSOCKET_PATH = "/ws";
    /** Longest request line (method, path, query, version). */
    public static final int MAX_REQUEST_LINE_BYTES = 4096;
    /** Largest header block of a request, all headers together. */
    public static final int MAX_HEADER_BYTES = 8192;

    private final HttpConfig http;
    private final GatewayConfig gatewayConfig;
    private final HttpRoutes routes;
    private final Gateway gateway;
    private final ClientAddresses clientAddresses;
    private final TlsContext tls;
    private final boolean epoll = Epoll.isAvailable();
    private EventLoopGroup acceptors;
    private EventLoopGroup workers;
    private Channel serverChannel;
    private Channel managementChannel;
    private volatile Set<String> allowedOrigins = Set.of();

    /** @param tls the certificate of the public port, or null for plain HTTP */
    public HttpServer(HttpConfig http, GatewayConfig gatewayConfig, HttpRoutes routes, Gateway gateway,
                      ClientAddresses clientAddresses, TlsContext tls) {
        this.http = http;
        this.gatewayConfig = gatewayConfig;
        this.routes = routes;
        this.gateway = gateway;
        this.clientAddresses = clientAddresses;
        this.tls = tls;
    }

    /** Binds and starts serving; returns the bound address (the port is chosen if configured as 0). */
    public InetSocketAddress start() throws InterruptedException {
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        acceptors = new MultiThreadIoEventLoopGroup(1, io);
        workers = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), io);

        var decoder = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(gatewayConfig.maxFrameBytes().asInt())
                .allowExtensions(false)
                .closeOnProtocolViolation(false) // the gateway closes with a lingering handshake (FrameViolations)
                .withUTF8Validator(false) // the gateway checks each whole text message (one handler fewer per connection)
                .build();
        var websocket = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(WEBSOCKET_PATH)
                .checkStartsWith(false)
                .handleCloseFrames(false)
                .dropPongFrames(false)
                .handshakeTimeoutMillis(10_000)
                .decoderConfig(decoder)
                .build();
        int maxRequest = http.maxRequestBytes().asInt();
        int maxFrame = gatewayConfig.maxFrameBytes().asInt();
        long pingMillis = gatewayConfig.pingInterval().toMillis();
        var mapper = routes.mapper();
        var metrics = routes.metrics();
        long hstsSeconds = http.tls() != null ? http.tls().hstsMaxAge().toSeconds() : 0;
        boolean hsts = tls != null && hstsSeconds > 0;
        var httpOnly = new HttpOnlyHandlers(hsts ? List.of("hsts", "keepalive", "unreadable", "idle", "origins", "router")
                : List.of("keepalive", "unreadable", "idle", "origins", "router"));

        var bootstrap = new ServerBootstrap()
                .group(acceptors, workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 256 * 1024))
                // Netty's default, but one for every connection instead of one each: it holds only its
                // limits, and each connection's read sizes are kept in its own handle
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast("tls", tls.current().newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast("http", new HttpServerCodec(MAX_REQUEST_LINE_BYTES, MAX_HEADER_BYTES, 8192));
                        if (hsts) {
                            ch.pipeline().addLast("hsts", new StrictTransportSecurity(hstsSeconds)); // sees responses before encoding
                        }
                        ch.pipeline()
                                .addLast("keepalive", new HttpServerKeepAliveHandler())
                                .addLast("aggregator", new BoundedBodies(maxRequest, mapper, metrics))
                                .addLast("unreadable", new UnreadableRequests(mapper, metrics))
                                .addLast("idle", new IdleStateHandler(pingMillis, 0, 0, TimeUnit.MILLISECONDS))
                                .addLast("origins", new WebSocketOrigins(() -> allowedOrigins, mapper, metrics))
                                .addLast("websocket", new WebSocketServerProtocolHandler(websocket))
                                .addLast("frames", new WebSocketFrameAggregator(maxFrame))
                                .addLast("router", new HttpRouter(routes, clientAddresses, false))
                                .addLast("http-only", httpOnly)
                                .addLast("gateway", gateway.newHandler());
                    }
                });
        long sendBuffer = gatewayConfig.socketSendBufferBytes().bytes();
        if (sendBuffer > 0) {
            bootstrap.childOption(ChannelOption.SO_SNDBUF, (int) sendBuffer);
        }
        serverChannel = bootstrap.bind(http.bindAddress(), http.port()).sync().channel();
        var address = (InetSocketAddress) serverChannel.localAddress();
        allowedOrigins = origins(address.getPort());
        log.atInfo().setMessage("Listening").addKeyValue("address", address.getHostString())
                .addKeyValue("port", address.getPort()).addKeyValue("transport", epoll ? "epoll" : "nio")
                .addKeyValue("tls", tls != null ? TlsContext.provider() : "off").log();
        if (http.managementPort() != null) {
            managementChannel = new ServerBootstrap()
                    .group(acceptors, workers)
                    .channel(channelType)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline()
                                    .addLast("http", new HttpServerCodec(MAX_REQUEST_LINE_BYTES, MAX_HEADER_BYTES, 8192))
                                    .addLast("keepalive", new HttpServerKeepAliveHandler())
                                    .addLast("aggregator", new BoundedBodies(64 * 1024, mapper, metrics))
                                    .addLast("unreadable", new UnreadableRequests(mapper, metrics))
                                    .addLast("idle", new IdleStateHandler(pingMillis, 0, 0, TimeUnit.MILLISECONDS))
                                    .addLast("router", new HttpRouter(routes, clientAddresses, true));
                        }
                    })
                    .bind(http.managementBindAddress(), http.managementPort()).sync().channel();
            var management = (InetSocketAddress) managementChannel.localAddress();
            log.atInfo().setMessage("Listening for operators").addKeyValue("address", management.getHostString())
                    .addKeyValue("port", management.getPort()).log();
        }
        return address;
    }

    /** The management port as bound, if there is one. */
    public java.util.Optional<InetSocketAddress> managementAddress() {
        return managementChannel == null ? java.util.Optional.empty()
                : java.util.Optional.of((InetSocketAddress) managementChannel.localAddress());
    }

    /**
     * Origins whose pages may open the WebSocket: samtal's own (where the join page is: the
     * public URL; without one, the bound port on loopback names) and {@code http.allowedOrigins}.
     */
    private Set<String> origins(int port) {
        var origins = new java.util.HashSet<String>();
        if (http.publicUrl() != null) {
            origins.add(WebSocketOrigins.normalize(http.publicUrl()));
        } else {
            String scheme = tls != null ? "https" : "http";
            for (String host : List.of("127.0.0.1", "localhost", "[::1]")) {
                origins.add(WebSocketOrigins.normalize(scheme + "://" + host + ":" + port));
            }
            String bind = http.bindAddress().contains(":") ? "[" + http.bindAddress() + "]" : http.bindAddress();
            origins.add(WebSocketOrigins.normalize(scheme + "://" + bind + ":" + port));
        }
        http.allowedOrigins().forEach(origin -> origins.add(WebSocketOrigins.normalize(origin)));
        return Set.copyOf(origins);
    }

    /** Stops accepting new connections; open ones are untouched. */
    public void stopAccepting() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        if (managementChannel != null) {
            managementChannel.close().syncUninterruptibly();
        }
    }

    /** Closes every remaining connection and stops the event loops. */
    public void stop() {
        if (acceptors != null) {
            acceptors.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    public boolean usesEpoll() {
        return epoll;
    }
}
