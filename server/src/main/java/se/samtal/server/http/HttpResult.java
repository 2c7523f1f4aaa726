package se.samtal.server.http;

import io.netty.handler.codec.http.FullHttpResponse;

/**
 * A response and the route it answered, for metrics. Routes are templates
 * ({@code /api/v1/sessions/{id}}), never concrete paths, so ids stay out of metric labels.
 */
public record HttpResult(String route, FullHttpResponse response) {
}
