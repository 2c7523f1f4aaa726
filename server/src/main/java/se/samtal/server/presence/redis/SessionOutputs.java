package se.samtal.server.presence.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import redis.clients.jedis.resps.StreamEntry;
import se.samtal.protocol.WireCodec;
import se.samtal.server.presence.EncodedMessage;
import se.samtal.server.presence.Effects;
import se.samtal.server.presence.LinkRef;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A change's outputs as they travel between nodes: on the tenant's bus, one message per change,
 * {@code s|<origin node>|<stream id>|<JSON array>}, each element an event
 * ({@code {"e":seq,"p":private-to,"f":frame}}), a frame for one connection
 * ({@code {"d":participant,"n":node,"c":connection,"f":frame}}), or a closing or detaching of a
 * connection ({@code {"x":"close"|"detach","n":…,"c":…,"k":code,"r":reason}}). Frames are the
 * JSON sent to clients, carried as they are. Events are also kept in the session's stream, one
 * entry each: id {@code <seq>-0}, fields {@code f} (frame), {@code t} (its type) and {@code p}.
 */
final class SessionOutputs {
    static final String PREFIX = "s|";

    private final ObjectMapper json = WireCodec.newMapper();

    /** A change's outputs as read from the bus. */
    record Message(String origin, String streamId, List<Effects.Output> outputs) {
    }

    /** The bus message for what other nodes must do, or null if there is nothing (attaching is this node's own). */
    String encode(String origin, String streamId, List<Effects.Output> outputs) {
        var sb = new StringBuilder(256).append(PREFIX).append(origin).append('|').append(streamId).append("|[");
        boolean any = false;
        for (Effects.Output output : outputs) {
            String element = switch (output) {
                case Effects.Event e -> "{\"e\":" + e.seq() + (e.privateTo() == null ? "" : ",\"p\":" + quote(e.privateTo()))
                        + ",\"f\":" + frame(e.frame()) + "}";
                case Effects.Direct d -> "{\"d\":" + quote(d.participantId()) + link(d.link()) + ",\"f\":" + frame(d.frame()) + "}";
                case Effects.Close c -> "{\"x\":\"close\"" + link(c.link()) + ",\"k\":" + c.code() + ",\"r\":" + quote(c.reason()) + "}";
                case Effects.Detach d -> "{\"x\":\"detach\"" + link(d.link()) + "}";
                case Effects.Attach a -> null;
            };
            if (element != null) {
                sb.append(any ? "," : "").append(element);
                any = true;
            }
        }
        return any ? sb.append(']').toString() : null;
    }

    /** Reads a bus message of a session (one starting with {@link #PREFIX}). */
    Message decode(String message) {
        int originEnd = message.indexOf('|', PREFIX.length());
        int streamEnd = message.indexOf('|', originEnd + 1);
        String origin = message.substring(PREFIX.length(), originEnd);
        String streamId = message.substring(originEnd + 1, streamEnd);
        var outputs = new ArrayList<Effects.Output>();
        try {
            for (JsonNode o : json.readTree(message.substring(streamEnd + 1))) {
                if (o.has("e")) {
                    outputs.add(new Effects.Event(o.get("e").asLong(), frame(o.get("f")), text(o, "p")));
                } else if (o.has("d")) {
                    outputs.add(new Effects.Direct(o.get("d").asText(), linkOf(o), frame(o.get("f"))));
                } else if ("close".equals(text(o, "x"))) {
                    outputs.add(new Effects.Close(linkOf(o), o.get("k").asInt(), text(o, "r")));
                } else if ("detach".equals(text(o, "x"))) {
                    outputs.add(new Effects.Detach(linkOf(o)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Message(origin, streamId, outputs);
    }

    /** An event as kept in the stream. */
    static Effects.Event event(StreamEntry entry) {
        Map<String, String> f = entry.getFields();
        return new Effects.Event(entry.getID().getTime(),
                new EncodedMessage(f.get("t"), f.get("f").getBytes(StandardCharsets.UTF_8)), f.get("p"));
    }

    static String frameText(EncodedMessage frame) {
        return new String(frame.json(), StandardCharsets.UTF_8);
    }

    private static String frame(EncodedMessage frame) {
        return frameText(frame);
    }

    private EncodedMessage frame(JsonNode node) throws JsonProcessingException {
        return new EncodedMessage(node.get("type").asText(), json.writeValueAsBytes(node));
    }

    private String link(LinkRef link) {
        return ",\"n\":" + quote(link.node()) + ",\"c\":" + quote(link.connection());
    }

    private static LinkRef linkOf(JsonNode o) {
        return new LinkRef(o.get("n").asText(), o.get("c").asText());
    }

    private String quote(String text) {
        try {
            return json.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
