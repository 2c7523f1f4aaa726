package se.samtal.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Netty's own upgrade (codec, keep-alive, aggregator, WebSocket protocol) with stand-ins for
 * samtal's HTTP handlers: after a real handshake nothing of HTTP is left, and frames still reach
 * the gateway.
 */
class HttpOnlyHandlersTest {
    private static final String UPGRADE = """
            GET /ws HTTP/1.1\r
            Host: 127.0.0.1\r
            Upgrade: websocket\r
            Connection: Upgrade\r
            Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r
            Sec-WebSocket-Version: 13\r
            \r
            """;

    /** What the gateway is handed: events and frames, in order. */
    private static final class Gateway extends ChannelInboundHandlerAdapter {
        final List<Object> seen = new ArrayList<>();

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            seen.add(event);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof TextWebSocketFrame text) {
                seen.add(text.text());
                text.release();
            } else {
                seen.add(msg);
            }
        }
    }

    private static EmbeddedChannel publicPort(Gateway gateway, List<String> httpOnly) {
        var channel = new EmbeddedChannel();
        channel.pipeline()
                .addLast("http", new HttpServerCodec())
                .addLast("keepalive", new HttpServerKeepAliveHandler())
                .addLast("aggregator", new HttpObjectAggregator(64 * 1024))
                .addLast("unreadable", new ChannelInboundHandlerAdapter())
                .addLast("origins", new ChannelInboundHandlerAdapter())
                .addLast("websocket", new WebSocketServerProtocolHandler("/ws"))
                .addLast("router", new ChannelInboundHandlerAdapter())
                .addLast("http-only", new HttpOnlyHandlers(httpOnly))
                .addLast("gateway", gateway);
        return channel;
    }

    @Test
    void afterTheUpgradeThePipelineHoldsNothingOfHttpAndFramesStillReachTheGateway() {
        var gateway = new Gateway();
        var channel = publicPort(gateway, List.of("keepalive", "unreadable", "origins", "router"));

        channel.writeInbound(Unpooled.copiedBuffer(UPGRADE, StandardCharsets.US_ASCII));
        ByteBuf response = channel.readOutbound();
        assertThat(response.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 101 Switching Protocols");
        response.release();

        assertThat(channel.pipeline().names())
                .doesNotContain("http", "keepalive", "aggregator", "unreadable", "origins", "router", "http-only")
                .contains("wsdecoder", "wsencoder", "websocket", "gateway");
        assertThat(gateway.seen).hasAtLeastOneElementOfType(WebSocketServerProtocolHandler.HandshakeComplete.class);

        channel.writeInbound(clientFrame("{\"type\":\"ping\",\"id\":\"1\"}"));
        assertThat(gateway.seen).last().isEqualTo("{\"type\":\"ping\",\"id\":\"1\"}");
        channel.finishAndReleaseAll();
    }

    @Test
    void aHandlerThatIsNotThereIsAnErrorNotSkipped() {
        var channel = publicPort(new Gateway(), List.of("keepalive", "hsts"));
        var handshake = new WebSocketServerProtocolHandler.HandshakeComplete("/ws", null, null);

        channel.pipeline().context("router").fireUserEventTriggered(handshake);

        assertThatThrownBy(channel::checkException).isInstanceOf(NoSuchElementException.class).hasMessageContaining("hsts");
        channel.finishAndReleaseAll();
    }

    /** A text frame as a client sends it: masked. */
    private static ByteBuf clientFrame(String text) {
        var client = new EmbeddedChannel(new WebSocket13FrameEncoder(true));
        client.writeOutbound(new TextWebSocketFrame(text));
        ByteBuf bytes = client.readOutbound();
        client.finishAndReleaseAll();
        return bytes;
    }
}
