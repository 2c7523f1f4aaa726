package se.samtal.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.WireCodec;
import se.samtal.server.chat.ChatWire;
import se.samtal.server.config.TenantDropInConfig;
import se.samtal.server.dropin.DropIns;
import se.samtal.server.http.HttpResponses;
import se.samtal.server.http.HttpResult;
import se.samtal.server.net.ClientAddress;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The public side of drop-in chat, for the entry page's script (no credential: anyone may call
 * it): {@code GET /drop-in/<entry>/about}, {@code POST /drop-in/<entry>/start},
 * {@code POST /drop-in/<entry>/return}, {@code POST /drop-in/<entry>/visit}. Bodies are read as strictly as the platform API's. Answers
 * are never cached. Runs off the event loop.
 */
public final class DropInPages {
    private static final String ROUTE = "/drop-in/{entry}";

    private final DropIns dropIns;
    private final ObjectMapper mapper = WireCodec.newMapper();
    private final ApiBodies bodies = new ApiBodies();

    public DropInPages(DropIns dropIns) {
        this.dropIns = dropIns;
    }

    /** The body of {@code POST .../start}. */
    record StartBody(String text) {
    }

    /** The body of {@code POST .../return}: one of the two. */
    record ReturnBody(String returnKey, String returnCode) {
    }

    /** Whether {@code /drop-in/<entry>} asks for the page itself (the static file serves it). */
    public static boolean isPage(List<String> segments) {
        return segments.size() == 2;
    }

    /** Answers {@code /drop-in/<entry>/<action>} ({@code segments}: drop-in, entry, action). */
    public HttpResult handle(FullHttpRequest http, List<String> segments, String requestId, ClientAddress from) {
        String action = segments.size() == 3 ? segments.get(2) : "unknown";
        String route = ROUTE + "/" + (List.of("about", "start", "return", "visit").contains(action) ? action : "unknown");
        var request = ApiRequest.of(http, requestId, from);
        try {
            String entry = segments.get(1);
            FullHttpResponse response = switch (action) {
                case "about" -> {
                    request.requireMethod(HttpMethod.GET, HttpMethod.HEAD);
                    yield json(HttpResponseStatus.OK, about(entry));
                }
                case "start" -> {
                    request.requireMethod(HttpMethod.POST);
                    dropIns.door(entry);
                    var body = bodies.read(request, StartBody.class);
                    yield json(HttpResponseStatus.CREATED, admission(dropIns.start(entry, body.text(), from, requestId)));
                }
                case "return" -> {
                    request.requireMethod(HttpMethod.POST);
                    dropIns.door(entry);
                    var body = bodies.read(request, ReturnBody.class);
                    yield json(HttpResponseStatus.OK,
                            admission(dropIns.comeBack(entry, body.returnKey(), body.returnCode(), from, requestId)));
                }
                case "visit" -> {
                    request.requireMethod(HttpMethod.POST);
                    dropIns.door(entry);
                    var body = bodies.read(request, ReturnBody.class);
                    var visit = dropIns.visit(entry, body.returnKey(), body.returnCode(), from, requestId);
                    var map = new LinkedHashMap<String, Object>();
                    map.put("url", "/join#" + visit.token());
                    map.put("token", visit.token());
                    map.put("expiresAt", visit.expiresAt());
                    yield json(HttpResponseStatus.OK, map);
                }
                default -> throw new SamtalException(se.samtal.protocol.ErrorCode.NOT_FOUND);
            };
            return new HttpResult(route, response);
        } catch (SamtalException e) {
            var response = HttpResponses.error(mapper, e.code(), e.getMessage(), e.retryAfterMs());
            response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
            return new HttpResult(route, response);
        }
    }

    private Map<String, Object> about(String entryId) {
        var about = dropIns.about(entryId);
        var entry = about.door().entry();
        var body = new LinkedHashMap<String, Object>();
        body.put("entry", entry.id());
        body.put("title", text(entry.title()));
        body.put("answeredBy", text(entry.answeredBy()));
        body.put("expectations", ChatWire.expectations(about.expectations()));
        body.put("whereToTurn", entry.whereToTurn().stream().map(DropInPages::place).toList());
        return body;
    }

    private static Map<String, Object> text(TenantDropInConfig.Text text) {
        var map = new LinkedHashMap<String, Object>();
        map.put("sv", text.sv());
        map.put("en", text.en() != null ? text.en() : text.sv());
        return map;
    }

    private static Map<String, Object> place(TenantDropInConfig.WhereToTurn place) {
        var map = new LinkedHashMap<String, Object>();
        map.put("name", place.name());
        map.put("phone", place.phone());
        map.put("url", place.url());
        map.put("sv", place.sv());
        map.put("en", place.en() != null ? place.en() : place.sv());
        return map;
    }

    private static Map<String, Object> admission(DropIns.Admission admission) {
        var map = new LinkedHashMap<String, Object>();
        map.put("token", admission.token());
        map.put("expiresAt", admission.expiresAt());
        map.put("returnKey", admission.returnKey());
        map.put("returnCode", admission.returnCode());
        return map;
    }

    private FullHttpResponse json(HttpResponseStatus status, Object body) {
        var response = HttpResponses.json(mapper, status, body);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return response;
    }
}
