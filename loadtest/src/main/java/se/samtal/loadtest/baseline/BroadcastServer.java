package se.samtal.loadtest.baseline;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The bare-Netty limit that benchmark B2 measures samtal against: a minimal WebSocket broadcast
 * server. A client opens {@code /room/<name>}; every text frame it sends is written as is to the
 * room's other members. No authentication, no JSON, no store, no acknowledgements, no limits: the
 * same event loops, codec and socket options as samtal's gateway, and nothing else.
 *
 * <pre>java -cp samtal-bench.jar se.samtal.loadtest.baseline.BroadcastServer PORT</pre>
 */
public final class BroadcastServer {
    /** Clients open {@code /room/<name>}. */
    public static final String ROOM_PATH = "/room";

    private final ConcurrentHashMap<String, List<Channel>> rooms = new ConcurrentHashMap<>();
    private EventLoopGroup acceptors;
    private EventLoopGroup workers;

    public static void main(String[] args) throws InterruptedException {
        var server = new BroadcastServer();
        Channel channel = server.start(Integer.parseInt(args[0]));
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        System.out.println("Listening port=" + ((java.net.InetSocketAddress) channel.localAddress()).getPort());
        channel.closeFuture().sync();
    }

    /** Binds 127.0.0.1:{@code port} (0: any free port) with one acceptor and a worker per core, as samtal does. */
    public Channel start(int port) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        acceptors = new MultiThreadIoEventLoopGroup(1, io);
        workers = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), io);
        return new ServerBootstrap()
                .group(acceptors, workers)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpObjectAggregator(65536))
                                .addLast(new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                        .websocketPath(ROOM_PATH).checkStartsWith(true).build()))
                                .addLast(new Member())
                                .addLast(new Health());
                    }
                })
                .bind("127.0.0.1", port).sync().channel();
    }

    public void stop() {
        if (acceptors != null) {
            acceptors.shutdownGracefully();
            workers.shutdownGracefully();
        }
    }

    /** A room member: joins on handshake, relays its text frames to the others, leaves when closed. */
    private final class Member extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private List<Channel> room;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake) {
                String name = handshake.requestUri().substring(ROOM_PATH.length() + 1);
                room = rooms.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>());
                room.add(ctx.channel());
                ctx.channel().closeFuture().addListener(f -> room.remove(ctx.channel()));
            } else {
                super.userEventTriggered(ctx, event);
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            for (Channel other : room) {
                if (other != ctx.channel()) {
                    other.writeAndFlush(new TextWebSocketFrame(frame.content().retainedDuplicate()), other.voidPromise());
                }
            }
        }
    }

    /** Anything that is not a WebSocket upgrade: 200, so the harness can tell the server is up. */
    private static final class Health extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER);
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
