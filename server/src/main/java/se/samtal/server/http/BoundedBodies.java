package se.samtal.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import se.samtal.protocol.ErrorCode;
import se.samtal.server.metrics.SamtalMetrics;

/**
 * Netty's aggregator with samtal's answer to a body over {@code http.maxRequestBytes}:
 * {@code 413 payload_too_large} with the error body (Netty's own answer has none), whether the
 * size was announced ({@code Content-Length}, also with {@code Expect: 100-continue}) or found
 * out while reading a chunked body. The connection is then closed, after the answer was read.
 */
final class BoundedBodies extends HttpObjectAggregator {
    private final ObjectMapper mapper;
    private final SamtalMetrics metrics;
    private final int maxBytes;

    BoundedBodies(int maxBytes, ObjectMapper mapper, SamtalMetrics metrics) {
        super(maxBytes, true);
        this.maxBytes = maxBytes;
        this.mapper = mapper;
        this.metrics = metrics;
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        if (HttpUtil.is100ContinueExpected(start) && HttpUtil.getContentLength(start, -1L) > maxContentLength) {
            metrics.httpRequest("too_large", ErrorCode.PAYLOAD_TOO_LARGE.httpStatus(), 0);
            var response = tooLarge();
            response.headers().set(HttpHeaderNames.CONNECTION, "close");
            return response;
        }
        return super.newContinueResponse(start, maxContentLength, pipeline);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        metrics.httpRequest("too_large", ErrorCode.PAYLOAD_TOO_LARGE.httpStatus(), 0);
        LingeringClose.respondAndClose(ctx, tooLarge());
    }

    private io.netty.handler.codec.http.FullHttpResponse tooLarge() {
        return HttpResponses.error(mapper, ErrorCode.PAYLOAD_TOO_LARGE,
                "The body is larger than " + maxBytes + " bytes (http.maxRequestBytes).");
    }
}
