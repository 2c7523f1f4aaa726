package se.samtal.videobridge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import org.jitsi.xmpp.extensions.colibri2.ConferenceModifiedIQ;
import org.jitsi.xmpp.extensions.colibri2.ConferenceModifyIQ;
import org.jitsi.xmpp.extensions.colibri2.json.Colibri2JSONDeserializer;
import org.jitsi.xmpp.extensions.colibri2.json.Colibri2JSONSerializer;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for Jitsi Videobridge's private REST API in tests, which answers Colibri2 as the real
 * bridge does and refuses what it refuses ({@link ColibriRules}): conferences created by a
 * {@code POST /colibri/v2/conferences} with {@code create}, changed by a {@code PATCH} of
 * {@code /colibri/v2/conferences/{meeting-id}} (404 for one it does not know), one endpoint created
 * or changed per request, endpoints created with a transport and the {@code source-names}
 * capability; answers with real-looking transports (ICE credentials, a DTLS fingerprint of a
 * certificate it made, host candidates — never loopback, as the bridge offers none —, a colibri-ws
 * URL it serves) and its feedback sources. It serves {@code /about/health}, {@code /colibri/stats}
 * and the colibri-ws bridge channel (ServerHello on open; records what the browser sends; can send
 * dominant-speaker events). It carries no media. Tests can make it unhealthy or kill it.
 */
public final class FakeVideobridge implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String id;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ColibriRules rules;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final Map<String, List<Channel>> channels = new ConcurrentHashMap<>();
    private final io.netty.channel.group.ChannelGroup connections =
            new io.netty.channel.group.DefaultChannelGroup(io.netty.util.concurrent.GlobalEventExecutor.INSTANCE);
    private final Map<String, List<String>> channelMessages = new ConcurrentHashMap<>();
    private volatile Channel server;
    private volatile int port;
    private volatile boolean healthy = true;
    private volatile double stress;

    private FakeVideobridge(String id) {
        this.id = id;
        this.rules = new ColibriRules(id, this::channelUrl);
    }

    /** A bridge double on a free loopback port. */
    public static FakeVideobridge start(String id) {
        var bridge = new FakeVideobridge(id);
        bridge.bind(0);
        return bridge;
    }

    private void bind(int wanted) {
        try {
            server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            connections.add(ch);
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20), new Routes());
                        }
                    }).bind("127.0.0.1", wanted).sync().channel();
            port = ((InetSocketAddress) server.localAddress()).getPort();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String id() {
        return id;
    }

    /** The REST API's base URL, as samtal's configuration names it. */
    public URI restUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Whether {@code /about/health} answers 200. */
    public void healthy(boolean healthy) {
        this.healthy = healthy;
    }

    /** What {@code /colibri/stats} reports as {@code stress_level}. */
    public void stress(double stress) {
        this.stress = stress;
    }

    /** Stops answering at all (connections refused), as a bridge that died; its conferences are gone with it. */
    public void kill() {
        server.close().syncUninterruptibly();
        connections.close().syncUninterruptibly();
        rules.forgetAll();
    }

    /** The conferences it has, by meeting id. */
    public Map<String, ColibriRules.Conference> conferences() {
        return rules.conferences();
    }

    public Optional<ColibriRules.Conference> conference(String meetingId) {
        return Optional.ofNullable(rules.conferences().get(meetingId));
    }

    /** Every request body it was sent (accepted or not), in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** The reasons of every request it refused, in order. */
    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    /** What the endpoint's browser sent on its bridge channel (JSON texts), in order. */
    public List<String> channelMessages(String endpoint) {
        return List.copyOf(channelMessages.getOrDefault(endpoint, List.of()));
    }

    /** Whether the endpoint's bridge channel is open. */
    public boolean channelOpen(String endpoint) {
        return channels.getOrDefault(endpoint, List.of()).stream().anyMatch(Channel::isActive);
    }

    /** Tells every open bridge channel of the conference that {@code endpoint} is the dominant speaker. */
    public void dominantSpeaker(String meetingId, String endpoint) {
        var conference = rules.conferences().get(meetingId);
        if (conference == null) {
            return;
        }
        String message = "{\"colibriClass\":\"DominantSpeakerEndpointChangeEvent\",\"dominantSpeakerEndpoint\":\""
                + endpoint + "\",\"previousSpeakers\":[],\"silence\":false}";
        for (String member : conference.endpoints().keySet()) {
            channels.getOrDefault(member, List.of()).forEach(ch -> ch.writeAndFlush(new TextWebSocketFrame(message)));
        }
    }

    private URI channelUrl(String meetingId, String endpoint, String pwd) {
        return URI.create("ws://127.0.0.1:" + port + "/colibri-ws/" + id + "/" + Integer.toHexString(meetingId.hashCode())
                + "/" + endpoint + "?pwd=" + pwd);
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        connections.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One handler per connection: the REST routes, or the bridge channel after a WebSocket upgrade. */
    private final class Routes extends SimpleChannelInboundHandler<Object> {
        private String channelEndpoint;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object message) {
            if (message instanceof FullHttpRequest request) {
                http(ctx, request);
            } else if (message instanceof TextWebSocketFrame text && channelEndpoint != null) {
                channelMessages.computeIfAbsent(channelEndpoint, e -> new CopyOnWriteArrayList<>()).add(text.text());
            } else if (message instanceof WebSocketFrame frame && frame instanceof io.netty.handler.codec.http.websocketx.CloseWebSocketFrame) {
                ctx.close();
            }
        }

        private void http(ChannelHandlerContext ctx, FullHttpRequest request) {
            var decoder = new QueryStringDecoder(request.uri());
            String path = decoder.path();
            String body = request.content().toString(StandardCharsets.UTF_8);
            if (request.method() == HttpMethod.GET && path.equals("/colibri/v2/conferences")) {
                respond(ctx, HttpResponseStatus.NOT_IMPLEMENTED, "");
            } else if (request.method() == HttpMethod.GET && path.equals("/about/health")) {
                respond(ctx, healthy ? HttpResponseStatus.OK : HttpResponseStatus.INTERNAL_SERVER_ERROR, "");
            } else if (request.method() == HttpMethod.GET && path.equals("/colibri/stats")) {
                respond(ctx, HttpResponseStatus.OK, "{\"stress_level\":" + stress + ",\"conferences\":"
                        + rules.conferences().size() + ",\"participants\":" + rules.participants() + "}");
            } else if (request.method() == HttpMethod.POST && path.equals("/colibri/v2/conferences")) {
                colibri(ctx, body, null);
            } else if (request.method() == HttpMethod.PATCH && path.startsWith("/colibri/v2/conferences/")) {
                colibri(ctx, body, path.substring("/colibri/v2/conferences/".length()));
            } else if (request.method() == HttpMethod.GET && path.startsWith("/colibri-ws/")) {
                channel(ctx, request, path, decoder.parameters().getOrDefault("pwd", List.of("")).getFirst());
            } else {
                respond(ctx, HttpResponseStatus.NOT_FOUND, "");
            }
        }

        private void colibri(ChannelHandlerContext ctx, String body, String meetingIdInPath) {
            requests.add(body);
            ConferenceModifyIQ request;
            try {
                JsonNode json = JSON.readTree(body);
                if (!(json instanceof ObjectNode object)) {
                    refuse(ctx, HttpResponseStatus.BAD_REQUEST, "not a JSON object");
                    return;
                }
                var builder = Colibri2JSONDeserializer.deserializeConferenceModify(object);
                if (meetingIdInPath != null) {
                    if (!rules.conferences().containsKey(meetingIdInPath)) {
                        refuse(ctx, HttpResponseStatus.NOT_FOUND, "no conference " + meetingIdInPath);
                        return;
                    }
                    builder.setMeetingId(meetingIdInPath);
                }
                request = builder.build();
            } catch (Exception e) {
                refuse(ctx, HttpResponseStatus.BAD_REQUEST, "Failed to parse ConferenceModify JSON:" + e.getMessage());
                return;
            }
            ColibriRules.Outcome outcome = rules.handle(request);
            if (outcome instanceof ColibriRules.Refused refused) {
                // As the bridge's Jetty answers: an HTML error page for a POST, an empty body for a PATCH.
                String reason = "Failed to create conference: " + refused.reason();
                refusals.add(reason);
                if (meetingIdInPath == null) {
                    respondHtml(ctx, reason);
                } else {
                    respond(ctx, HttpResponseStatus.BAD_REQUEST, "");
                }
                return;
            }
            ConferenceModifiedIQ answer = ((ColibriRules.Answered) outcome).answer();
            for (String gone : ((ColibriRules.Answered) outcome).expiredEndpoints()) {
                channels.getOrDefault(gone, List.of()).forEach(Channel::close);
            }
            var json = Colibri2JSONSerializer.serializeConferenceModified(answer);
            respond(ctx, HttpResponseStatus.OK, json.isEmpty() ? "{}" : json.toString());
        }

        private void channel(ChannelHandlerContext ctx, FullHttpRequest request, String path, String pwd) {
            String[] parts = path.split("/");
            String endpoint = parts.length >= 5 ? parts[4] : "";
            if (!rules.channelPasswordMatches(endpoint, pwd)) {
                respond(ctx, HttpResponseStatus.FORBIDDEN, "");
                return;
            }
            var handshaker = new WebSocketServerHandshakerFactory("ws://127.0.0.1:" + port + path, null, false)
                    .newHandshaker(request);
            if (handshaker == null) {
                WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
                return;
            }
            handshaker.handshake(ctx.channel(), request).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    channelEndpoint = endpoint;
                    channels.computeIfAbsent(endpoint, e -> new CopyOnWriteArrayList<>()).add(ctx.channel());
                    ctx.channel().writeAndFlush(new TextWebSocketFrame("{\"colibriClass\":\"ServerHello\",\"version\":\"fake\"}"));
                }
            });
        }

        private void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String reason) {
            refusals.add(reason);
            if (status == HttpResponseStatus.NOT_FOUND) {
                respond(ctx, status, "");
            } else {
                respondHtml(ctx, reason);
            }
        }

        /** A 400 as Jetty writes it: the message in the title, the heading and the MESSAGE row. */
        private void respondHtml(ChannelHandlerContext ctx, String message) {
            String escaped = message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
            String page = "<html>\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html;charset=ISO-8859-1\"/>\n"
                    + "<title>Error 400 " + escaped + "</title>\n</head>\n<body>\n<h2>HTTP ERROR 400 " + escaped + "</h2>\n"
                    + "<table>\n<tr><th>STATUS:</th><td>400</td></tr>\n<tr><th>MESSAGE:</th><td>" + escaped
                    + "</td></tr>\n</table>\n\n</body>\n</html>\n";
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST,
                    Unpooled.copiedBuffer(page, StandardCharsets.ISO_8859_1));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html;charset=iso-8859-1");
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            ctx.writeAndFlush(response);
        }

        private void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String body) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, body.startsWith("{") ? HttpHeaderValues.APPLICATION_JSON : HttpHeaderValues.TEXT_PLAIN);
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            ctx.writeAndFlush(response);
        }
    }
}
