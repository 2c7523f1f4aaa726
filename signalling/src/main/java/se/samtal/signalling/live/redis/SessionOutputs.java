package se.samtal.signalling.live.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import redis.clients.jedis.resps.StreamEntry;
import se.samtal.signalling.feed.LinkRef;
import se.samtal.signalling.feed.Output;
import se.samtal.signalling.feed.SessionFact;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A change's outputs as they travel between nodes: on the tenant's bus, one message per change,
 * {@code s|<origin node>|<stream id>|<JSON array>}, each element an event
 * ({@code {"e":seq,"p":private-to,"f":fact}}), a fact for one connection
 * ({@code {"d":participant,"n":node,"c":connection,"f":fact}}), or a closing or detaching of a
 * connection ({@code {"x":"close"|"detach","n":…,"c":…,"k":code,"r":reason}}). Facts are the
 * engine's, as {@link LiveJson} writes them; each node turns them into frames for its own
 * connections. Events are also kept in the session's stream, one entry each: id {@code <seq>-0},
 * fields {@code f} (the fact), {@code t} (its kind) and {@code p}.
 */
final class SessionOutputs {
    static final String PREFIX = "s|";

    /** A change's outputs as read from the bus. */
    record Message(String origin, String streamId, List<Output> outputs) {
    }

    /** The bus message for what other nodes must do, or null if there is nothing (attaching is this node's own). */
    String encode(String origin, String streamId, List<Output> outputs) {
        var sb = new StringBuilder(256).append(PREFIX).append(origin).append('|').append(streamId).append("|[");
        boolean any = false;
        for (Output output : outputs) {
            String element = switch (output) {
                case Output.Event e -> "{\"e\":" + e.seq() + (e.privateTo() == null ? "" : ",\"p\":" + LiveJson.quote(e.privateTo()))
                        + ",\"f\":" + LiveJson.fact(e.fact()) + "}";
                case Output.Direct d -> "{\"d\":" + LiveJson.quote(d.participantId()) + link(d.link()) + ",\"f\":"
                        + LiveJson.fact(d.fact()) + "}";
                case Output.Close c -> "{\"x\":\"close\"" + link(c.link()) + ",\"k\":" + c.code() + ",\"r\":"
                        + LiveJson.quote(c.reason()) + "}";
                case Output.Detach d -> "{\"x\":\"detach\"" + link(d.link()) + "}";
                case Output.Attach a -> null;
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
        var outputs = new ArrayList<Output>();
        try {
            for (JsonNode o : LiveJson.MAPPER.readTree(message.substring(streamEnd + 1))) {
                if (o.has("e")) {
                    outputs.add(new Output.Event((SessionFact.Numbered) LiveJson.fact(o.get("f")), text(o, "p")));
                } else if (o.has("d")) {
                    outputs.add(new Output.Direct(o.get("d").asText(), linkOf(o), LiveJson.fact(o.get("f"))));
                } else if ("close".equals(text(o, "x"))) {
                    outputs.add(new Output.Close(linkOf(o), o.get("k").asInt(), text(o, "r")));
                } else if ("detach".equals(text(o, "x"))) {
                    outputs.add(new Output.Detach(linkOf(o)));
                }
            }
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return new Message(origin, streamId, outputs);
    }

    /** An event as kept in the stream. */
    static Output.Event event(StreamEntry entry) {
        Map<String, String> f = entry.getFields();
        return new Output.Event((SessionFact.Numbered) LiveJson.fact(f.get("f")), f.get("p"));
    }

    private static String link(LinkRef link) {
        return ",\"n\":" + LiveJson.quote(link.node()) + ",\"c\":" + LiveJson.quote(link.connection());
    }

    private static LinkRef linkOf(JsonNode o) {
        return new LinkRef(o.get("n").asText(), o.get("c").asText());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
