package se.samtal.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import se.samtal.protocol.ErrorCode;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the HTTP responses samtal sends: JSON bodies, typed errors, and the headers every response carries. */
public final class HttpResponses {
    private HttpResponses() {
    }

    public static FullHttpResponse json(ObjectMapper mapper, HttpResponseStatus status, Object body) {
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        var response = bytes(status, bytes, "application/json; charset=utf-8");
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return response;
    }

    /** The error body of the platform API: {@code {"error": {"code": ..., "message": ...}}}. */
    public static FullHttpResponse error(ObjectMapper mapper, ErrorCode code, String message) {
        return error(mapper, code, message, null);
    }

    /**
     * The same, with {@code retryAfterMs} in the body (and {@code Retry-After}, in whole seconds)
     * when the answer is {@code rate_limited}.
     */
    public static FullHttpResponse error(ObjectMapper mapper, ErrorCode code, String message, Long retryAfterMs) {
        var error = new LinkedHashMap<String, Object>();
        error.put("code", code.wire());
        error.put("message", message != null ? message : code.defaultMessage());
        if (retryAfterMs != null) {
            error.put("retryAfterMs", retryAfterMs);
        }
        var response = json(mapper, HttpResponseStatus.valueOf(code.httpStatus()), Map.of("error", error));
        if (retryAfterMs != null) {
            response.headers().set(HttpHeaderNames.RETRY_AFTER, Math.max(1, (retryAfterMs + 999) / 1000));
        }
        return response;
    }

    public static FullHttpResponse text(HttpResponseStatus status, String body, String contentType) {
        return bytes(status, body.getBytes(StandardCharsets.UTF_8), contentType);
    }

    public static FullHttpResponse bytes(HttpResponseStatus status, byte[] body, String contentType) {
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set("X-Content-Type-Options", "nosniff")
                .set("Referrer-Policy", "no-referrer");
        return response;
    }
}
