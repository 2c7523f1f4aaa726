package se.samtal.server.http;

import io.netty.bootstrap.ServerBootstrap;
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
import io.netty.handler.codec.http.HttpObjectAggregator;
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

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The one listening port: HTTP/1.1 with keep-alive, and WebSocket at {@code /ws}. Uses native
 * epoll where Netty has it for this platform, NIO otherwise.
 *
 * <pre>
 * HttpServerCodec → keep-alive → aggregator → idle → WebSocket protocol (at /ws) → frame aggregator
 *   → HttpRouter (HTTP requests) → GatewayHandler (WebSocket frames)
 * </pre>
 */
public final class HttpServer {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    public static final String WEBSOCKET_PATH = "/ws";

    private final HttpConfig http;
    private final GatewayConfig gatewayConfig;
    private final HttpRoutes routes;
    private final Gateway gateway;
    private final boolean epoll = Epoll.isAvailable();
    private EventLoopGroup acceptors;
    private EventLoopGroup workers;
    private Channel serverChannel;

    public HttpServer(HttpConfig http, GatewayConfig gatewayConfig, HttpRoutes routes, Gateway gateway) {
        this.http = http;
        this.gatewayConfig = gatewayConfig;
        this.routes = routes;
        this.gateway = gateway;
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

        var bootstrap = new ServerBootstrap()
                .group(acceptors, workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 256 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast("http", new HttpServerCodec(4096, 8192, 8192))
                                .addLast("keepalive", new HttpServerKeepAliveHandler())
                                .addLast("aggregator", new HttpObjectAggregator(maxRequest))
                                .addLast("idle", new IdleStateHandler(pingMillis, 0, 0, TimeUnit.MILLISECONDS))
                                .addLast("websocket", new WebSocketServerProtocolHandler(websocket))
                                .addLast("frames", new WebSocketFrameAggregator(maxFrame))
                                .addLast("router", new HttpRouter(routes))
                                .addLast("gateway", gateway.newHandler());
                    }
                });
        long sendBuffer = gatewayConfig.socketSendBufferBytes().bytes();
        if (sendBuffer > 0) {
            bootstrap.childOption(ChannelOption.SO_SNDBUF, (int) sendBuffer);
        }
        serverChannel = bootstrap.bind(http.bindAddress(), http.port()).sync().channel();
        var address = (InetSocketAddress) serverChannel.localAddress();
        log.atInfo().setMessage("Listening").addKeyValue("address", address.getHostString())
                .addKeyValue("port", address.getPort()).addKeyValue("transport", epoll ? "epoll" : "nio").log();
        return address;
    }

    /** Stops accepting new connections; open ones are untouched. */
    public void stopAccepting() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
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
