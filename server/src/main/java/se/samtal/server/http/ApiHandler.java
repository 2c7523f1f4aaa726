package se.samtal.server.http;

import io.netty.handler.codec.http.FullHttpRequest;
import se.samtal.server.net.ClientAddress;

/**
 * The platform API ({@code /api/v1/...}) as the routes call it: one request answered, with the
 * route it matched for metrics. Called off the event loop; it may block on the stores.
 */
@FunctionalInterface
public interface ApiHandler {
    /** @param clientAddress where the request came from (behind a trusted proxy: what its header says) */
    HttpResult handle(FullHttpRequest request, String requestId, ClientAddress clientAddress);
}
