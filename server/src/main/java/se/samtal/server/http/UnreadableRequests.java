package se.samtal.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import se.samtal.protocol.ErrorCode;
import se.samtal.server.metrics.SamtalMetrics;

/**
 * Sits behind the HTTP decoder and aggregator and answers every request the decoder could not
 * read, instead of letting a cut-off request be handled as if it were whole: headers over
 * {@link HttpServer#MAX_HEADER_BYTES} get {@code 431 headers_too_large}, a request line over
 * {@link HttpServer#MAX_REQUEST_LINE_BYTES} {@code 414 uri_too_long}, anything else unreadable
 * {@code 400 bad_request}; each with the error body and the connection closed (the decoder
 * cannot find the next request after a broken one).
 */
final class UnreadableRequests extends ChannelInboundHandlerAdapter {
    private final ObjectMapper mapper;
    private final SamtalMetrics metrics;

    UnreadableRequests(ObjectMapper mapper, SamtalMetrics metrics) {
        this.mapper = mapper;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request) || request.decoderResult().isSuccess()) {
            ctx.fireChannelRead(msg);
            return;
        }
        Throwable cause = request.decoderResult().cause();
        request.release();
        ErrorCode code;
        String message;
        if (cause instanceof TooLongHttpHeaderException) {
            code = ErrorCode.HEADERS_TOO_LARGE;
            message = "The request's headers are larger than " + HttpServer.MAX_HEADER_BYTES / 1024 + " KiB.";
        } else if (cause instanceof TooLongHttpLineException) {
            code = ErrorCode.URI_TOO_LONG;
            message = "The request line is longer than " + HttpServer.MAX_REQUEST_LINE_BYTES / 1024 + " KiB.";
        } else {
            code = ErrorCode.BAD_REQUEST;
            message = "The request is not valid HTTP/1.1.";
        }
        metrics.httpRequest("unreadable", code.httpStatus(), 0);
        LingeringClose.respondAndClose(ctx, HttpResponses.error(mapper, code, message));
    }
}
