package se.samtal.audit.chain;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.erdtman.jcs.JsonCanonicalizer;
import se.samtal.audit.Actor;
import se.samtal.audit.AuditAction;
import se.samtal.audit.AuditEvent;
import se.samtal.audit.AuditObject;
import se.samtal.audit.Outcome;
import se.samtal.audit.Subject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Set;
import java.util.TreeMap;

/**
 * An entry's one byte form: a JSON object in the JSON Canonicalization Scheme (RFC 8785:
 * members sorted by name, no white space, numbers and strings in one fixed spelling), so anyone
 * can recompute an entry's hash from its JSON with any JCS implementation. Members:
 * {@code v} (format, 1), {@code seq}, {@code tenant}, {@code at} (UTC, milliseconds),
 * {@code action}, {@code actor}, {@code object}, {@code subject}, {@code patients} (always, sorted),
 * {@code outcome}, {@code code}, {@code request}, {@code detail}; absent ones are left out.
 */
public final class EntryCodec {
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Writes an entry's tree straight in RFC 8785 form: members sorted (by UTF-16 code units, as
     * JCS sorts), no white space, and JSON's own escapes with lower-case hex. That is JCS exactly
     * for what an entry holds — text, whole numbers and booleans, never a fraction — and it saves
     * a second parse and write per entry; {@link #canonicalize} (the JCS library) is the
     * reference the tests hold it to.
     */
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .build();
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Set<String> MEMBERS = Set.of("v", "seq", "tenant", "at", "action", "actor", "object", "subject",
            "patients", "outcome", "code", "request", "detail");

    private EntryCodec() {
    }

    /**
     * The entry's canonical JSON, written straight from the event with its members in RFC 8785
     * order (every name an entry uses is ASCII, so their order is fixed; detail names and patients
     * come sorted). The same bytes as {@link #canonicalize} (the JCS library) of {@link #tree}, which the tests
     * hold it to, without building the tree.
     */
    public static String canonical(long seq, AuditEvent event) {
        var out = new java.io.StringWriter(512);
        try (JsonGenerator g = CANONICAL.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("action", event.action().wire());
            g.writeObjectFieldStart("actor");
            writeIfSet(g, "credential", event.actor().credential());
            g.writeStringField("kind", event.actor().kind().wire());
            writeIfSet(g, "ref", event.actor().ref());
            writeIfSet(g, "role", event.actor().role());
            g.writeEndObject();
            g.writeStringField("at", AT.format(event.at()));
            writeIfSet(g, "code", event.code());
            if (!event.detail().isEmpty()) {
                g.writeObjectFieldStart("detail");
                for (var fact : event.detail().entrySet()) {
                    g.writeFieldName(fact.getKey());
                    switch (fact.getValue()) {
                        case String text -> g.writeString(text);
                        case Long number -> g.writeNumber(number);
                        case Boolean flag -> g.writeBoolean(flag);
                        default -> throw new IllegalStateException("unexpected detail value type");
                    }
                }
                g.writeEndObject();
            }
            if (event.object() != null) {
                g.writeObjectFieldStart("object");
                writeIfSet(g, "id", event.object().id());
                writeIfSet(g, "session", event.object().session());
                g.writeStringField("type", event.object().type());
                g.writeEndObject();
            }
            g.writeStringField("outcome", event.outcome().wire());
            g.writeArrayFieldStart("patients");
            for (String patient : event.patients()) {
                g.writeString(patient);
            }
            g.writeEndArray();
            writeIfSet(g, "request", event.requestId());
            g.writeNumberField("seq", seq);
            if (event.subject() != null) {
                g.writeObjectFieldStart("subject");
                g.writeStringField("ref", event.subject().ref());
                writeIfSet(g, "role", event.subject().role());
                g.writeEndObject();
            }
            g.writeStringField("tenant", event.tenantId());
            g.writeNumberField("v", VERSION);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeIfSet(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    /** A tree of text, whole numbers, booleans, arrays and objects (no fractions) in RFC 8785 form, in one pass. */
    static String writeCanonical(JsonNode node) {
        try {
            return CANONICAL.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code node} (any JSON) in RFC 8785 form, by the JCS library. */
    public static String canonicalize(JsonNode node) {
        try {
            return new JsonCanonicalizer(JSON.writeValueAsString(node)).getEncodedString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entry as a JSON tree (for the API and the log stream, which add its hashes beside it). */
    public static ObjectNode tree(long seq, AuditEvent event) {
        ObjectNode node = JSON.createObjectNode();
        node.put("v", VERSION);
        node.put("seq", seq);
        node.put("tenant", event.tenantId());
        node.put("at", AT.format(event.at()));
        node.put("action", event.action().wire());
        ObjectNode actor = node.putObject("actor").put("kind", event.actor().kind().wire());
        putIfSet(actor, "ref", event.actor().ref());
        putIfSet(actor, "role", event.actor().role());
        putIfSet(actor, "credential", event.actor().credential());
        if (event.object() != null) {
            ObjectNode object = node.putObject("object").put("type", event.object().type());
            putIfSet(object, "id", event.object().id());
            putIfSet(object, "session", event.object().session());
        }
        if (event.subject() != null) {
            putIfSet(node.putObject("subject").put("ref", event.subject().ref()), "role", event.subject().role());
        }
        var patients = node.putArray("patients");
        event.patients().forEach(patients::add);
        node.put("outcome", event.outcome().wire());
        putIfSet(node, "code", event.code());
        putIfSet(node, "request", event.requestId());
        if (!event.detail().isEmpty()) {
            ObjectNode detail = node.putObject("detail");
            event.detail().forEach((key, value) -> {
                switch (value) {
                    case String s -> detail.put(key, s);
                    case Long l -> detail.put(key, l);
                    case Boolean b -> detail.put(key, b);
                    default -> throw new IllegalStateException("unexpected detail value type");
                }
            });
        }
        return node;
    }

    /** An entry read back from its canonical JSON. */
    public record Decoded(long seq, AuditEvent event) {
    }

    /** Reads an entry's JSON; {@link MalformedEntryException} if it is not one this codec writes. */
    public static Decoded decode(String canonical) {
        JsonNode node;
        try {
            node = JSON.readTree(canonical);
        } catch (JsonProcessingException e) {
            throw new MalformedEntryException("not JSON");
        }
        try {
            if (node == null || !node.isObject() || node.path("v").asInt() != VERSION) {
                throw new MalformedEntryException("not an entry of format " + VERSION);
            }
            node.fieldNames().forEachRemaining(name -> {
                if (!MEMBERS.contains(name)) {
                    throw new MalformedEntryException("unknown member " + name);
                }
            });
            var builder = AuditEvent.builder(Instant.from(AT.parse(text(node, "at"))), text(node, "tenant"), actor(node.path("actor")),
                    AuditAction.fromWire(text(node, "action")).orElseThrow(() -> new MalformedEntryException("unknown action")));
            JsonNode object = node.get("object");
            if (object != null) {
                builder.object(new AuditObject(text(object, "type"), optional(object, "id"), optional(object, "session")));
            }
            JsonNode subject = node.get("subject");
            if (subject != null) {
                builder.subject(new Subject(text(subject, "ref"), optional(subject, "role")));
            }
            var patients = new ArrayList<String>();
            node.path("patients").forEach(p -> patients.add(p.asText()));
            builder.patients(patients)
                    .outcome(Outcome.fromWire(text(node, "outcome")).orElseThrow(() -> new MalformedEntryException("unknown outcome")),
                            optional(node, "code"))
                    .request(optional(node, "request"));
            var detail = new TreeMap<String, Object>();
            node.path("detail").fields().forEachRemaining(f -> detail.put(f.getKey(), value(f.getValue())));
            return new Decoded(node.path("seq").asLong(), builder.details(detail).build());
        } catch (IllegalArgumentException | NullPointerException | DateTimeParseException e) {
            throw new MalformedEntryException("invalid content: " + e.getMessage());
        }
    }

    private static Actor actor(JsonNode node) {
        var kind = Actor.Kind.fromWire(text(node, "kind")).orElseThrow(() -> new MalformedEntryException("unknown actor kind"));
        return new Actor(kind, optional(node, "ref"), optional(node, "role"), optional(node, "credential"));
    }

    private static Object value(JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        } else if (node.isIntegralNumber()) {
            return node.asLong();
        } else if (node.isBoolean()) {
            return node.asBoolean();
        }
        throw new MalformedEntryException("a detail is neither text, a whole number nor a boolean");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new MalformedEntryException("'" + field + "' is missing");
        }
        return value.asText();
    }

    private static String optional(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    /** Stored content that is not an entry: it was changed outside samtal, or is not samtal's. */
    public static final class MalformedEntryException extends RuntimeException {
        public MalformedEntryException(String message) {
            super(message);
        }
    }
}
