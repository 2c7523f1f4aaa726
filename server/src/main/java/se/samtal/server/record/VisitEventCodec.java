package se.samtal.server.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import se.samtal.protocol.MediaState;
import se.samtal.protocol.PresenceState;
import se.samtal.protocol.Role;
import se.samtal.protocol.Stage;

import java.io.UncheckedIOException;
import java.time.Instant;

/** How a {@link VisitEvent} is kept: a small JSON object with a type word, times as epoch milliseconds. */
public final class VisitEventCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private VisitEventCodec() {
    }

    public static String write(VisitEvent event) {
        ObjectNode o = JSON.createObjectNode();
        o.put("at", event.at().toEpochMilli());
        switch (event) {
            case VisitEvent.Arrived a -> {
                o.put("t", "arrived").put("p", a.participantId()).put("role", a.role().wire()).put("ref", a.ref());
                if (a.name() != null) {
                    o.put("name", a.name());
                }
            }
            case VisitEvent.Changed c -> o.put("t", "changed").put("p", c.participantId()).put("role", c.role().wire())
                    .put("presence", c.presence().wire()).put("stage", c.stage().wire())
                    .put("mic", c.media().microphone()).put("cam", c.media().camera()).put("audioOnly", c.media().audioOnly());
            case VisitEvent.Admitted a -> {
                o.put("t", "admitted").put("p", a.participantId()).put("waited", a.waitedMillis());
                if (a.by() != null) {
                    o.put("by", a.by());
                }
            }
            case VisitEvent.Left l -> o.put("t", "left").put("p", l.participantId()).put("reason", l.reason());
            case VisitEvent.Recording r -> {
                o.put("t", "recording").put("phase", r.phase()).put("recorder", r.recorder());
                if (r.reason() != null) {
                    o.put("reason", r.reason());
                }
            }
            case VisitEvent.ChatMessage m -> o.put("t", "chat").put("role", m.role().wire());
            case VisitEvent.Ended e -> o.put("t", "ended").put("reason", e.reason());
        }
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static VisitEvent read(String text) {
        JsonNode o;
        try {
            o = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        Instant at = Instant.ofEpochMilli(o.get("at").asLong());
        return switch (o.get("t").asText()) {
            case "arrived" -> new VisitEvent.Arrived(at, o.get("p").asText(), Role.fromWire(o.get("role").asText()),
                    o.get("ref").asText(), o.hasNonNull("name") ? o.get("name").asText() : null);
            case "changed" -> new VisitEvent.Changed(at, o.get("p").asText(), Role.fromWire(o.get("role").asText()),
                    PresenceState.fromWire(o.get("presence").asText()), Stage.fromWire(o.get("stage").asText()),
                    new MediaState(o.get("mic").asBoolean(), o.get("cam").asBoolean(), o.get("audioOnly").asBoolean()));
            case "admitted" -> new VisitEvent.Admitted(at, o.get("p").asText(), o.get("waited").asLong(),
                    o.hasNonNull("by") ? o.get("by").asText() : null);
            case "left" -> new VisitEvent.Left(at, o.get("p").asText(), o.get("reason").asText());
            case "recording" -> new VisitEvent.Recording(at, o.get("phase").asText(), o.get("recorder").asText(),
                    o.hasNonNull("reason") ? o.get("reason").asText() : null);
            case "chat" -> new VisitEvent.ChatMessage(at, Role.fromWire(o.get("role").asText()));
            case "ended" -> new VisitEvent.Ended(at, o.get("reason").asText());
            default -> throw new IllegalArgumentException("unknown visit event " + o.get("t").asText());
        };
    }
}
