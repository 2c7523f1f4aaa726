package se.samtal.videobridge.colibri;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jitsi.xmpp.extensions.colibri2.ConferenceModifiedIQ;
import org.jitsi.xmpp.extensions.colibri2.ConferenceModifyIQ;
import org.jitsi.xmpp.extensions.colibri2.json.Colibri2JSONDeserializer;
import org.jitsi.xmpp.extensions.colibri2.json.Colibri2JSONSerializer;
import org.jivesoftware.smack.packet.IQ;
import se.samtal.videobridge.BridgeException;
import se.samtal.videobridge.BridgeException.Kind;
import se.samtal.videobridge.Videobridge;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Colibri2 over one bridge's private REST API, as the bridge serves it: a conference-modify is
 * {@code POST /colibri/v2/conferences} when it creates the conference and
 * {@code PATCH /colibri/v2/conferences/{meeting-id}} otherwise, its body the request in Jitsi's
 * Colibri2 JSON ({@code Colibri2JSONSerializer}); the answer is a conference-modified in the same
 * JSON. Also the bridge's health and load. Every call blocks (run it on a virtual thread, never on
 * an event loop) for at most the request timeout.
 */
public final class BridgeClient {
    /** A bridge that does not answer a Colibri2 request within this long is taken as lost. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** A health check that takes longer than this fails. */
    public static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Videobridge bridge;
    private final HttpClient http;

    public BridgeClient(Videobridge bridge, HttpClient http) {
        this.bridge = bridge;
        this.http = http;
    }

    public Videobridge bridge() {
        return bridge;
    }

    /** An HTTP client fit for bridges: HTTP/1.1 (what the bridge's Jetty speaks), a short connect timeout. */
    public static HttpClient newHttpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    }

    /** Sends a conference-modify and returns the bridge's conference-modified. */
    public ConferenceModifiedIQ send(ConferenceModifyIQ request) {
        ObjectNode body = Colibri2JSONSerializer.serializeConferenceModify(request);
        body.remove("meeting-id"); // in the path for a PATCH; kept for a POST below
        HttpRequest.Builder http = request.getCreate()
                ? HttpRequest.newBuilder(bridge.restUrl().resolve(bridge.restUrl().getPath() + "/colibri/v2/conferences"))
                        .POST(HttpRequest.BodyPublishers.ofString(withMeetingId(body, request).toString()))
                : HttpRequest.newBuilder(conferenceUri(request.getMeetingId()))
                        .method("PATCH", HttpRequest.BodyPublishers.ofString(body.toString()));
        HttpResponse<String> response = exchange(http.header("Content-Type", "application/json")
                .header("Accept", "application/json").timeout(REQUEST_TIMEOUT).build());
        return switch (response.statusCode()) {
            case 200 -> parse(response.body());
            case 404 -> throw new BridgeException(Kind.CONFERENCE_GONE, "Bridge " + bridge.id() + " does not know the conference.");
            case 400 -> throw new BridgeException(Kind.REFUSED, "Bridge " + bridge.id() + " refused the request"
                    + reason(response.body()));
            default -> throw new BridgeException(Kind.UNREACHABLE, "Bridge " + bridge.id() + " answered "
                    + response.statusCode() + ".");
        };
    }

    /** Whether the bridge says it is healthy ({@code GET /about/health} answers 200). Never throws. */
    public boolean healthy() {
        try {
            var response = http.send(HttpRequest.newBuilder(path("/about/health")).timeout(HEALTH_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The bridge's load from {@code GET /colibri/stats}: its {@code stress_level} (0 idle, 1 full),
     * or, without one, its participants per hundred. Never throws: a bridge that cannot say is
     * taken as fully loaded.
     */
    public double stress() {
        try {
            var response = http.send(HttpRequest.newBuilder(path("/colibri/stats")).timeout(HEALTH_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return 1.0;
            }
            JsonNode stats = JSON.readTree(response.body());
            if (stats.has("stress_level")) {
                return stats.get("stress_level").asDouble(1.0);
            }
            return stats.path("participants").asDouble(100) / 100.0;
        } catch (IOException e) {
            return 1.0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1.0;
        }
    }

    private URI conferenceUri(String meetingId) {
        return path("/colibri/v2/conferences/" + java.net.URLEncoder.encode(meetingId, StandardCharsets.UTF_8));
    }

    private URI path(String path) {
        return URI.create(bridge.restUrl() + path);
    }

    private static ObjectNode withMeetingId(ObjectNode body, ConferenceModifyIQ request) {
        var ordered = JSON.createObjectNode();
        ordered.put("meeting-id", request.getMeetingId());
        ordered.setAll(body);
        return ordered;
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new BridgeException(Kind.UNREACHABLE, "Bridge " + bridge.id() + " did not answer: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BridgeException(Kind.UNREACHABLE, "Interrupted while waiting for bridge " + bridge.id() + ".", e);
        }
    }

    private ConferenceModifiedIQ parse(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            if (!(json instanceof ObjectNode object)) {
                throw new BridgeException(Kind.UNREACHABLE, "Bridge " + bridge.id() + " answered something that is not a conference.");
            }
            var builder = Colibri2JSONDeserializer.deserializeConferenceModified(object);
            builder.ofType(IQ.Type.result);
            return builder.build();
        } catch (JsonProcessingException e) {
            throw new BridgeException(Kind.UNREACHABLE, "Bridge " + bridge.id() + " answered malformed JSON.", e);
        }
    }

    private static final java.util.regex.Pattern JETTY_MESSAGE =
            java.util.regex.Pattern.compile("<tr><th>MESSAGE:</th><td>(.*?)</td></tr>", java.util.regex.Pattern.DOTALL);

    /**
     * What the bridge said: its Jetty writes a refused POST as an HTML page with the message in a
     * {@code MESSAGE:} row, and a refused PATCH with no body at all.
     */
    private static String reason(String body) {
        if (body == null || body.isBlank()) {
            return ".";
        }
        var m = JETTY_MESSAGE.matcher(body);
        String text = m.find() ? m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
                : body.strip().split("\n", 2)[0];
        return ": " + (text.length() > 300 ? text.substring(0, 300) : text);
    }
}
