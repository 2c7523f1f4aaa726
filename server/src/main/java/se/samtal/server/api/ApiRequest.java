package se.samtal.server.api;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import se.samtal.server.net.ClientAddress;

import java.util.List;
import java.util.Map;

/**
 * An HTTP request as the API handlers need it: method, path segments, query, body, and request id;
 * and the note its handler fills in for the call's audit event.
 */
public record ApiRequest(HttpMethod method, List<String> segments, Map<String, List<String>> query, FullHttpRequest http,
                         String requestId, ApiAuditNote audit, ClientAddress clientAddress) {

    public static ApiRequest of(FullHttpRequest http, String requestId) {
        return of(http, requestId, ClientAddress.UNKNOWN);
    }

    /** @param clientAddress where the call came from (behind a trusted proxy: what its header says) */
    public static ApiRequest of(FullHttpRequest http, String requestId, ClientAddress clientAddress) {
        var decoder = new QueryStringDecoder(http.uri());
        List<String> segments = java.util.Arrays.stream(decoder.path().split("/")).filter(s -> !s.isEmpty()).toList();
        return new ApiRequest(http.method(), segments, decoder.parameters(), http, requestId, new ApiAuditNote(), clientAddress);
    }

    /** The request's method if it is one of {@code allowed}; otherwise {@code method_not_allowed}. */
    public String requireMethod(HttpMethod... allowed) {
        for (HttpMethod m : allowed) {
            if (m.equals(method)) {
                return m.name();
            }
        }
        throw new se.samtal.protocol.SamtalException(se.samtal.protocol.ErrorCode.METHOD_NOT_ALLOWED);
    }

    /** The first value of a query parameter, or null. */
    public String param(String name) {
        var values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
