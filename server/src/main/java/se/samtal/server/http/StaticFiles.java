package se.samtal.server.http;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The browser client's files, served from the classpath ({@code /web}). Paths are checked
 * against a strict pattern before any lookup, so nothing outside {@code /web} can be reached.
 * HTML gets a Content-Security-Policy that allows only samtal's own scripts and connections.
 */
public final class StaticFiles {
    private static final Pattern SAFE_PATH = Pattern.compile("[a-zA-Z0-9_-]+(/[a-zA-Z0-9_-]+)*\\.[a-z0-9]{1,5}");
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("txt", "text/plain; charset=utf-8"));
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            + "media-src 'self' blob: mediastream:; connect-src 'self' ws: wss:; frame-ancestors 'none'; "
            + "base-uri 'none'; form-action 'none'; object-src 'none'";

    private final Map<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();

    /** The file at {@code path} under {@code /web} (e.g. {@code join.html}), or empty. */
    public Optional<FullHttpResponse> serve(String path) {
        if (!SAFE_PATH.matcher(path).matches() || path.contains("..")) {
            return Optional.empty();
        }
        String extension = path.substring(path.lastIndexOf('.') + 1);
        String type = TYPES.get(extension);
        if (type == null) {
            return Optional.empty();
        }
        return cache.computeIfAbsent(path, StaticFiles::load).map(bytes -> {
            var response = HttpResponses.bytes(HttpResponseStatus.OK, bytes, type);
            response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
            if (extension.equals("html")) {
                response.headers().set("Content-Security-Policy", CSP)
                        .set("Permissions-Policy", "camera=(self), microphone=(self), display-capture=(), geolocation=()")
                        .set("X-Frame-Options", "DENY");
            }
            return response;
        });
    }

    private static Optional<byte[]> load(String path) {
        try (InputStream in = StaticFiles.class.getResourceAsStream("/web/" + path)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
