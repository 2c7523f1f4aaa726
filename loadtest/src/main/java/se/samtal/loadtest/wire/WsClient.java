package se.samtal.loadtest.wire;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.ReferenceCountUtil;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The lightweight load client: plain Netty, one pipeline per socket (HTTP codec for the upgrade,
 * Netty's WebSocket client codec, one small handler), native epoll where available. A few
 * thousand bytes of heap per socket, so tens of thousands of sockets fit on two cores.
 *
 * <p>Sockets are spread round-robin over several loopback source addresses (127.0.0.1,
 * 127.0.0.2, …), each with its own range of ephemeral ports, so one client can hold more
 * sockets to one server port than one address has ports.
 */
public final class WsClient implements AutoCloseable {
    private static final int MAX_FRAME = 4 * 1024 * 1024;

    private final EventLoopGroup group;
    private final boolean epoll = Epoll.isAvailable();
    private final List<InetAddress> sources = new ArrayList<>();
    private final AtomicInteger nextSource = new AtomicInteger();
    private final LongAdder retriedConnects = new LongAdder();

    /**
     * @param threads         event-loop threads
     * @param sourceAddresses how many loopback addresses to connect from (127.0.0.1 upwards)
     */
    public WsClient(int threads, int sourceAddresses) {
        group = new MultiThreadIoEventLoopGroup(threads, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        try {
            for (int i = 1; i <= sourceAddresses; i++) {
                sources.add(InetAddress.getByAddress(new byte[]{127, 0, 0, (byte) i}));
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Opens a WebSocket to {@code uri}; completes once the handshake is done. A socket that fails
     * before a byte of the handshake could be read (the connect refused, or Netty's epoll client
     * reporting a failed connect as {@code NotYetConnectedException}, netty#10411) is tried once
     * more after {@link #RETRY_MILLIS}, as a browser's client reconnects; each such retry is
     * counted ({@link #retriedConnects}) and the benchmarks report the count.
     */
    public CompletableFuture<WsConnection> connect(URI uri, WsListener listener) {
        var result = new CompletableFuture<WsConnection>();
        attempt(uri, listener, result, true);
        return result;
    }

    private void attempt(URI uri, WsListener listener, CompletableFuture<WsConnection> result, boolean mayRetry) {
        open(uri, listener).whenComplete((connection, failure) -> {
            if (failure == null) {
                result.complete(connection);
            } else if (mayRetry && failedBeforeConnected(failure)) {
                retriedConnects.increment();
                group.schedule(() -> attempt(uri, listener, result, false), RETRY_MILLIS, TimeUnit.MILLISECONDS);
            } else {
                result.completeExceptionally(failure);
            }
        });
    }

    /** How long a connect that failed before the socket was connected waits before its one retry. */
    static final long RETRY_MILLIS = 50;

    /** Connects that failed before their socket was connected and were tried once more. */
    public long retriedConnects() {
        return retriedConnects.sum();
    }

    private static boolean failedBeforeConnected(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof java.nio.channels.NotYetConnectedException || cause instanceof java.net.ConnectException;
    }

    private CompletableFuture<WsConnection> open(URI uri, WsListener listener) {
        var opened = new CompletableFuture<WsConnection>();
        var config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .version(WebSocketVersion.V13)
                .handleCloseFrames(false)
                .dropPongFrames(true)
                .maxFramePayloadLength(MAX_FRAME)
                .handshakeTimeoutMillis(15_000)
                .build();
        var bootstrap = new Bootstrap()
                .group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 15_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new HttpClientCodec())
                                .addLast(new HttpObjectAggregator(64 * 1024))
                                .addLast(new WebSocketClientProtocolHandler(config))
                                .addLast(new Handler(listener, opened));
                    }
                });
        if (epoll) {
            bootstrap.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
        }
        var remote = new InetSocketAddress(uri.getHost(), uri.getPort());
        InetAddress source = sources.get(Math.floorMod(nextSource.getAndIncrement(), sources.size()));
        bootstrap.connect(remote, new InetSocketAddress(source, 0)).addListener(f -> {
            if (!f.isSuccess()) {
                opened.completeExceptionally(f.cause());
            }
        });
        return opened;
    }

    public int sourceAddresses() {
        return sources.size();
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final class Handler extends ChannelInboundHandlerAdapter {
        private final WsListener listener;
        private final CompletableFuture<WsConnection> opened;
        private WsConnection connection;
        private int closeCode = 1006;

        Handler(WsListener listener, CompletableFuture<WsConnection> opened) {
            this.listener = listener;
            this.opened = opened;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                connection = new WsConnection(ctx.channel());
                listener.opened(connection);
                opened.complete(connection);
            } else if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                opened.completeExceptionally(new IllegalStateException("WebSocket handshake timed out"));
                ctx.close();
            } else {
                super.userEventTriggered(ctx, event);
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof TextWebSocketFrame text && connection != null) {
                    listener.text(connection, text.content());
                } else if (msg instanceof CloseWebSocketFrame close) {
                    closeCode = close.statusCode();
                    Channel channel = ctx.channel();
                    channel.writeAndFlush(new CloseWebSocketFrame(close.statusCode(), "")).addListener(f -> channel.close());
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (connection != null) {
                connection.markClosed(closeCode);
                listener.closed(connection, closeCode);
            } else {
                opened.completeExceptionally(new IllegalStateException("closed before the WebSocket opened"));
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            opened.completeExceptionally(cause);
            ctx.close();
        }
    }
}
