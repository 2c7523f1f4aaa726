package se.samtal.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.WireCodec;
import se.samtal.server.id.OpaqueIds;
import se.samtal.server.metrics.SamtalMetrics;
import se.samtal.server.net.ClientAddress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * What each HTTP path does: health, readiness, metrics, the platform API, the browser client's
 * pages, and (in demo mode) the demo. Cheap answers are made on the event loop; anything that
 * touches the store runs on the blocking executor.
 */
public final class HttpRoutes {
    private final ObjectMapper mapper = WireCodec.newMapper();
    private final ApiHandler api;
    private final StaticFiles files = new StaticFiles();
    private final SamtalMetrics metrics;
    private final Executor blocking;
    private final Map<String, BooleanSupplier> readinessChecks;
    private final BooleanSupplier shuttingDown;
    private final Function<FullHttpRequest, HttpResult> demo;
    private final boolean metricsOnPublicPort;
    private final DropInHandler dropIn;
    private final DropInHandler inbox;

    /** Answers {@code /drop-in/<entry>/<action>} or {@code /inbox/api/...} (the pages themselves are static files). */
    public interface DropInHandler {
        HttpResult handle(FullHttpRequest request, java.util.List<String> segments, String requestId, ClientAddress from);
    }

    /**
     * @param readinessChecks named checks that must all pass for {@code /readyz}
     * @param demo            handles {@code /demo/...} requests in demo mode; null otherwise
     * @param metricsOnPublicPort whether {@code /metrics} is served on the public port (no management port)
     */
    public HttpRoutes(ApiHandler api, SamtalMetrics metrics, Executor blocking, Map<String, BooleanSupplier> readinessChecks,
                      BooleanSupplier shuttingDown, Function<FullHttpRequest, HttpResult> demo, boolean metricsOnPublicPort,
                      DropInHandler dropIn, DropInHandler inbox) {
        this.metricsOnPublicPort = metricsOnPublicPort;
        this.dropIn = dropIn;
        this.inbox = inbox;
        this.api = api;
        this.metrics = metrics;
        this.blocking = blocking;
        this.readinessChecks = Map.copyOf(readinessChecks);
        this.shuttingDown = shuttingDown;
        this.demo = demo;
    }

    /** The management port: {@code /metrics}, {@code /healthz}, {@code /readyz}, and nothing else. */
    CompletableFuture<HttpResult> handleManagement(FullHttpRequest request) {
        String path = new QueryStringDecoder(request.uri()).path();
        if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            return done("other", HttpResponses.error(mapper, ErrorCode.METHOD_NOT_ALLOWED, null));
        }
        return switch (path) {
            case "/healthz" -> done("/healthz", HttpResponses.json(mapper, HttpResponseStatus.OK, Map.of("status", "ok")));
            case "/readyz" -> offLoop(this::readiness);
            case "/metrics" -> offLoop(this::metricsPage);
            default -> notFound();
        };
    }

    CompletableFuture<HttpResult> handle(FullHttpRequest request, ClientAddress clientAddress) {
        String path = new QueryStringDecoder(request.uri()).path();
        boolean get = request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD);
        if (path.startsWith("/api/v1/") || path.equals("/api/v1")) {
            String requestId = requestId(request);
            return offLoop(() -> {
                HttpResult result = api.handle(request, requestId, clientAddress);
                result.response().headers().set("X-Request-Id", requestId);
                return result;
            });
        }
        if (path.startsWith("/drop-in/")) {
            var segments = java.util.Arrays.stream(path.split("/")).filter(x -> !x.isEmpty()).toList();
            if (segments.size() == 2 && get) {
                return page("/drop-in/{entry}", "drop-in.html");
            }
            if (segments.size() == 3) {
                String requestId = requestId(request);
                return offLoop(() -> dropIn.handle(request, segments, requestId, clientAddress));
            }
            return notFound();
        }
        if (path.startsWith("/inbox/api/")) {
            var segments = java.util.Arrays.stream(path.split("/")).filter(x -> !x.isEmpty()).toList();
            String requestId = requestId(request);
            return offLoop(() -> inbox.handle(request, segments, requestId, clientAddress));
        }
        if (demo != null && path.startsWith("/demo/")) {
            return offLoop(() -> demo.apply(request));
        }
        if (!get) {
            return done("other", HttpResponses.error(mapper, ErrorCode.METHOD_NOT_ALLOWED, null));
        }
        return switch (path) {
            case "/healthz" -> done("/healthz", HttpResponses.json(mapper, HttpResponseStatus.OK, Map.of("status", "ok")));
            case "/readyz" -> offLoop(this::readiness);
            case "/metrics" -> metricsOnPublicPort ? offLoop(this::metricsPage) : notFound();
            case "/" -> done("/", redirect(demo != null ? "/demo" : "/join"));
            case "/join" -> page("/join", "join.html");
            case "/conversation" -> page("/conversation", "conversation.html");
            case "/inbox" -> page("/inbox", "inbox.html");
            case "/demo" -> demo != null ? page("/demo", "demo.html") : notFound();
            case "/favicon.ico" -> page("/favicon.ico", "favicon.ico"); // browsers ask for it on every page
            default -> path.startsWith("/assets/") ? asset(path.substring(1)) : notFound();
        };
    }

    private HttpResult readiness() {
        var checks = new LinkedHashMap<String, String>();
        boolean ready = !shuttingDown.getAsBoolean();
        checks.put("accepting", ready ? "ok" : "shutting down");
        for (var check : readinessChecks.entrySet()) {
            boolean ok;
            try {
                ok = check.getValue().getAsBoolean();
            } catch (RuntimeException e) {
                ok = false;
            }
            checks.put(check.getKey(), ok ? "ok" : "failing");
            ready &= ok;
        }
        var status = ready ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE;
        return new HttpResult("/readyz", HttpResponses.json(mapper, status,
                Map.of("status", ready ? "ready" : "not ready", "checks", checks)));
    }

    private HttpResult metricsPage() {
        var buffer = Unpooled.buffer(16 * 1024);
        try (var out = new ByteBufOutputStream(buffer)) {
            metrics.writeTo(out);
        } catch (IOException e) {
            buffer.release();
            throw new UncheckedIOException(e);
        }
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, buffer);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, SamtalMetrics.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, buffer.readableBytes());
        return new HttpResult("/metrics", response);
    }

    private CompletableFuture<HttpResult> page(String route, String file) {
        return files.serve(file).map(r -> done(route, r)).orElseGet(this::notFound);
    }

    private CompletableFuture<HttpResult> asset(String path) {
        return files.serve(path).map(r -> done("/assets", r)).orElseGet(this::notFound);
    }

    private CompletableFuture<HttpResult> notFound() {
        return done("other", HttpResponses.error(mapper, ErrorCode.NOT_FOUND, null));
    }

    private static DefaultFullHttpResponse redirect(String location) {
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.FOUND);
        response.headers().set(HttpHeaderNames.LOCATION, location).setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        return response;
    }

    private static CompletableFuture<HttpResult> done(String route, io.netty.handler.codec.http.FullHttpResponse response) {
        return CompletableFuture.completedFuture(new HttpResult(route, response));
    }

    private CompletableFuture<HttpResult> offLoop(java.util.function.Supplier<HttpResult> work) {
        return CompletableFuture.supplyAsync(work, blocking);
    }

    /** The caller's request id if it is a safe one, else a new one. Echoed back; used in logs (and audit). */
    private static String requestId(FullHttpRequest request) {
        String given = request.headers().get("X-Request-Id");
        return OpaqueIds.isPlausible(given) ? given : OpaqueIds.next("r_");
    }

    ObjectMapper mapper() {
        return mapper;
    }

    SamtalMetrics metrics() {
        return metrics;
    }

    boolean isShuttingDown() {
        return shuttingDown.getAsBoolean();
    }
}
