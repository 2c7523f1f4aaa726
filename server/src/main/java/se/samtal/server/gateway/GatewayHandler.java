package se.samtal.server.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.CloseCodes;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.ProtocolException;
import se.samtal.protocol.ServerMessage;
import se.samtal.server.net.ClientAddress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One connection's life on its event loop: the hello deadline, reading frames (heartbeats: {@link Heartbeats}),
 * rate limiting, decoding and dispatching requests, and telling the session when the socket is gone.
 */
final class GatewayHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(GatewayHandler.class);
    private static final int MAX_REQUEST_ID_LENGTH = 64;
    /**
     * Refusals count as one run while they come less than this apart, whatever got through between
     * them: a client at ten times the rate gets a request through now and then as the bucket
     * refills, and is still flooding.
     */
    private static final long STRIKE_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Gateway gateway;
    private Connection connection;
    private ScheduledFuture<?> helloDeadline;
    /** Refusals by the rate limit in a row: each within {@link #STRIKE_WINDOW_NANOS} of the one before. */
    private int strikes;
    private long lastRefusalNanos;

    GatewayHandler(Gateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake) {
            ctx.pipeline().addAfter(FrameViolations.DECODER, "violations", gateway.frameViolations);
            opened(ctx, gateway.clientAddresses.resolve(ctx.channel().remoteAddress(), handshake.requestHeaders()));
        } else if (event instanceof FrameViolations.Violation violation) {
            // Nothing of the bad frame was acted on; the decoder cannot go on after it.
            log.atDebug().setMessage("Bad WebSocket frame").addKeyValue("code", violation.closeCode()).log();
            if (connection != null) {
                connection.close(violation.closeCode(), violation.reason());
            } else {
                ctx.close();
            }
        } else if (event instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE && connection == null) {
            ctx.close(); // an idle keep-alive HTTP connection (a WebSocket's heartbeats are the gateway's: Heartbeats)
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    private void opened(ChannelHandlerContext ctx, ClientAddress address) {
        connection = new Connection(ctx.channel(), gateway.codec, gateway.metrics, gateway.config.maxOutboundQueueBytes().bytes(),
                gateway.blocking, address);
        gateway.metrics.connectionOpened();
        if (!gateway.register(connection)) {
            connection.close(CloseCodes.GOING_AWAY, "server shutting down");
            return;
        }
        helloDeadline = ctx.executor().schedule(() -> {
            if (connection.seat() == null && !connection.helloStarted()) {
                connection.send(new ServerMessage.Error(null, ErrorCode.HELLO_TIMEOUT));
                gateway.metrics.error(ErrorCode.HELLO_TIMEOUT);
                connection.close(CloseCodes.HELLO_TIMEOUT, "no hello");
            }
        }, gateway.config.helloTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (connection != null) {
            gateway.heartbeats.heard(connection);
        }
        try {
            switch (frame) {
                case TextWebSocketFrame text when !ByteBufUtil.isText(text.content(), StandardCharsets.UTF_8) -> {
                    // the whole message, however many frames it came in (the aggregator joined them)
                    if (connection != null) {
                        connection.close(CloseCodes.INVALID_PAYLOAD, "not UTF-8");
                    }
                }
                case TextWebSocketFrame text -> onText(text.content());
                case CloseWebSocketFrame close -> {
                    if (connection.isClosing()) {
                        ctx.close(); // the client answered our close frame: the handshake is complete
                    } else {
                        connection.peerClosed(close.statusCode());
                        ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode() > 0 ? close.statusCode() : CloseCodes.NORMAL, ""))
                                .addListener(f -> ctx.close());
                    }
                }
                case BinaryWebSocketFrame binary -> reply(null, ErrorCode.BAD_REQUEST, "Binary frames are not supported; send JSON text.");
                default -> {
                    // pongs: reading them was the point
                }
            }
        } finally {
            ReferenceCountUtil.release(frame);
        }
    }

    private void onText(ByteBuf content) {
        if (connection == null || connection.isClosing()) {
            return;
        }
        var seat = connection.seat();
        byte[] frame = ByteBufUtil.getBytes(content);
        long retryAfter = gateway.rateLimiter.tryAcquire(seat != null ? seat.principal().key() : connection.connectionId());
        if (retryAfter > 0) {
            // Not acted on, but answered like any request: with its id, so the client knows which one to send again.
            gateway.metrics.messageIn("rate_limited");
            reply(gateway.codec.idOf(frame), ErrorCode.RATE_LIMITED, ErrorCode.RATE_LIMITED.defaultMessage(), retryAfter);
            long now = System.nanoTime();
            if (now - lastRefusalNanos > STRIKE_WINDOW_NANOS) {
                strikes = 0; // a second without a refusal: the client slowed down
            }
            lastRefusalNanos = now;
            if (++strikes >= gateway.config.rateLimitStrikes()) {
                connection.close(CloseCodes.RATE_LIMITED, "rate limited");
            }
            return;
        }
        ClientMessage request;
        try {
            request = gateway.codec.decodeClient(frame);
        } catch (ProtocolException e) {
            gateway.metrics.messageIn("invalid");
            if (seat == null && !connection.helloStarted()) {
                // Nothing but a readable hello opens a connection: a hello that cannot be read
                // (a token that is an object, say) is refused like any hello, anything else is
                // refused as not being one.
                refuseBeforeHello(e);
                return;
            }
            reply(e.requestId(), e.code(), e.getMessage(), null);
            return;
        }
        String type = EncodedMessage.typeOf(request);
        gateway.metrics.messageIn(type);
        String id = request.id();
        if (id == null || id.isEmpty() || id.length() > MAX_REQUEST_ID_LENGTH) {
            reply(null, ErrorCode.BAD_REQUEST, "Every request needs an 'id' of 1–64 characters.", null);
            return;
        }
        var context = new RequestContext(connection, id, type, gateway.metrics);
        if (request instanceof ClientMessage.Hello hello) {
            if (!connection.startHello()) {
                context.fail(ErrorCode.ALREADY_JOINED);
                return;
            }
            cancelHelloDeadline();
            gateway.hello.handle(context, hello);
            gateway.heartbeats.helloSent(connection);
        } else if (seat == null) {
            boolean waiting = connection.helloStarted();
            context.fail(ErrorCode.HELLO_REQUIRED, waiting ? "Wait for the welcome before sending requests."
                    : ErrorCode.HELLO_REQUIRED.defaultMessage(), null);
            if (!waiting) {
                connection.close(CloseCodes.JOIN_REFUSED, ErrorCode.HELLO_REQUIRED.wire());
            }
        } else {
            gateway.dispatcher.dispatch(context, request);
        }
    }

    private void refuseBeforeHello(ProtocolException e) {
        if ("hello".equals(e.type()) && connection.startHello()) {
            cancelHelloDeadline();
            gateway.hello.refuseUnreadable(new RequestContext(connection, e.requestId(), "hello", gateway.metrics), e);
            return;
        }
        reply(e.requestId(), e.code(), e.getMessage(), null);
        connection.close(CloseCodes.JOIN_REFUSED, e.code().wire());
    }

    /** The hello came (or the connection ended): the deadline goes, and nothing of it is kept for the connection's life. */
    private void cancelHelloDeadline() {
        if (helloDeadline != null) {
            helloDeadline.cancel(false);
            helloDeadline = null;
        }
    }

    private void reply(String id, ErrorCode code, String message, Long retryAfterMs) {
        gateway.metrics.error(code);
        connection.reply(new ServerMessage.Error(id, code, message, retryAfterMs));
    }

    private void reply(String id, ErrorCode code, String message) {
        reply(id, code, message, null);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (connection != null && ctx.channel().isWritable()) {
            connection.writable();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelHelloDeadline();
        if (connection != null) {
            connection.ended();
            gateway.unregister(connection);
            gateway.metrics.connectionEnded();
            if (!connection.closedByServer()) {
                gateway.metrics.connectionCloseCode(connection.closeCode());
            }
            var seat = connection.seat();
            if (seat != null && seat.session() != null) {
                var place = seat.session();
                connection.lane().run(place.changesBlock(), () -> {
                    try {
                        place.linkLost();
                    } catch (RuntimeException e) {
                        log.atWarn().setMessage("Could not record a lost connection").addKeyValue("connection",
                                connection.connectionId()).setCause(e).log();
                    }
                });
            }
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException e) {
            // Only before the handshake has put FrameViolations in place.
            log.atDebug().setMessage("Bad WebSocket frame").addKeyValue("reason", e.getMessage()).log();
        } else if (cause instanceof IOException) {
            log.atDebug().setMessage("Connection error").addKeyValue("reason", cause.getMessage()).log();
        } else {
            log.atWarn().setMessage("Unexpected error on a connection").setCause(cause).log();
        }
        ctx.close();
    }
}
