package se.samtal.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.protocol.ErrorCode;
import se.samtal.redis.RedisFailures;
import se.samtal.server.net.ClientAddresses;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Answers the HTTP requests of one connection, one at a time and in order (so pipelined
 * requests get their responses in the order they were sent). The work itself is done by
 * {@link HttpRoutes}, on the event loop or off it as each route needs.
 */
final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
    /** How long a platform is asked to wait before trying again when Redis could not be reached. */
    private static final long RETRY_AFTER_MS = 1000;
    private static final Logger log = LoggerFactory.getLogger(HttpRouter.class);
    private static final int MAX_PIPELINED = 16;

    private final HttpRoutes routes;
    private final ClientAddresses clientAddresses;
    private final boolean management;
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    private boolean busy;

    /** @param management answers the management port's few paths instead of the public ones */
    HttpRouter(HttpRoutes routes, ClientAddresses clientAddresses, boolean management) {
        this.routes = routes;
        this.clientAddresses = clientAddresses;
        this.management = management;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (waiting.size() >= MAX_PIPELINED) {
            ctx.close();
            return;
        }
        waiting.add(request.retain());
        if (!busy) {
            next(ctx);
        }
    }

    private void next(ChannelHandlerContext ctx) {
        FullHttpRequest request = waiting.poll();
        if (request == null) {
            busy = false;
            return;
        }
        busy = true;
        long start = System.nanoTime();
        CompletableFuture<HttpResult> result;
        try {
            result = management ? routes.handleManagement(request)
                    : routes.handle(request, clientAddresses.resolve(ctx.channel().remoteAddress(), request.headers()));
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        result.whenComplete((done, failure) -> ctx.executor().execute(() -> respond(ctx, request, done, failure, start)));
    }

    private void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResult result, Throwable failure, long start) {
        try {
            if (failure != null) {
                result = new HttpResult("error", failed(failure));
            }
            FullHttpResponse response = result.response();
            boolean keepAlive = HttpUtil.isKeepAlive(request) && !routes.isShuttingDown();
            HttpUtil.setKeepAlive(response, keepAlive);
            if (!response.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
                HttpUtil.setContentLength(response, response.content().readableBytes());
            }
            routes.metrics().httpRequest(result.route(), response.status().code(), System.nanoTime() - start);
            var written = ctx.writeAndFlush(response);
            if (!keepAlive) {
                written.addListener(f -> ctx.close());
            }
        } finally {
            request.release();
            next(ctx);
        }
    }

    /**
     * The answer to a request that failed with an exception: Redis gone away is never
     * {@code internal_error} (which says "nothing was changed" of what it cannot know): not
     * reached, {@code unavailable} with {@code Retry-After}; answer lost after the command went
     * out, {@code outcome_unknown}.
     */
    private FullHttpResponse failed(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (RedisFailures.isRedisAway(cause)) {
            boolean notDone = RedisFailures.neverSent(cause);
            log.atWarn().setMessage("HTTP request failed: Redis did not answer").addKeyValue("outcome", notDone ? "not_done" : "unknown")
                    .addKeyValue("reason", cause.getMessage()).log();
            return notDone
                    ? HttpResponses.error(routes.mapper(), ErrorCode.UNAVAILABLE,
                            "The store cannot be reached just now; nothing was done. Try again shortly.", RETRY_AFTER_MS)
                    : HttpResponses.error(routes.mapper(), ErrorCode.OUTCOME_UNKNOWN, null);
        }
        log.atError().setMessage("HTTP request failed").setCause(failure).log();
        return HttpResponses.error(routes.mapper(), ErrorCode.INTERNAL_ERROR, null);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        FullHttpRequest request;
        while ((request = waiting.poll()) != null) {
            request.release();
        }
        super.channelInactive(ctx);
    }
}
