package se.samtal.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.protocol.ErrorCode;
import se.samtal.server.metrics.SamtalMetrics;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Checks the {@code Origin} of every WebSocket handshake before it is upgraded: a browser page
 * may open samtal's WebSocket only from samtal's own origin (where the join page is) or from an
 * origin in {@code http.allowedOrigins}. Others get {@code 403 origin_not_allowed}. A handshake
 * without {@code Origin} is not from a browser page (browsers always send it) and is let through:
 * the token, not the origin, is what admits anyone; the check keeps other sites' pages from using
 * a visitor's browser as their client.
 */
final class WebSocketOrigins extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(WebSocketOrigins.class);

    private final Supplier<Set<String>> allowed;
    private final ObjectMapper mapper;
    private final SamtalMetrics metrics;

    /** @param allowed origins in lower case, without a trailing slash, default ports left out */
    WebSocketOrigins(Supplier<Set<String>> allowed, ObjectMapper mapper, SamtalMetrics metrics) {
        this.allowed = allowed;
        this.mapper = mapper;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest request && isHandshake(request)) {
            String origin = request.headers().get(HttpHeaderNames.ORIGIN);
            if (origin != null && !allowed.get().contains(normalize(origin))) {
                request.release();
                log.atInfo().setMessage("WebSocket refused: origin not allowed")
                        .addKeyValue("origin", origin.length() > 100 ? origin.substring(0, 100) : origin).log();
                metrics.httpRequest(HttpServer.WEBSOCKET_PATH, ErrorCode.ORIGIN_NOT_ALLOWED.httpStatus(), 0);
                LingeringClose.respondAndClose(ctx, HttpResponses.error(mapper, ErrorCode.ORIGIN_NOT_ALLOWED,
                        "Pages of this origin may not open samtal's WebSocket (http.allowedOrigins)."));
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    private static boolean isHandshake(FullHttpRequest request) {
        return new QueryStringDecoder(request.uri()).path().equals(HttpServer.WEBSOCKET_PATH);
    }

    /**
     * An origin as browsers send it ({@code https://host[:port]}) in one spelling: lower case, the
     * default port left out. Anything that is not an http(s) origin (also {@code null}) becomes
     * a value no allow-list contains.
     */
    static String normalize(String origin) {
        try {
            URI uri = URI.create(origin.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
                return "\u0000invalid";
            }
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (IllegalArgumentException e) {
            return "\u0000invalid";
        }
    }
}
