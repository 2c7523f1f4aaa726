package se.samtal.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Turns protocol messages into JSON text and back. Thread-safe; share one instance.
 *
 * <p>Unknown properties are ignored (newer peers may add fields); unknown message types are
 * reported as {@link ErrorCode#UNKNOWN_TYPE}. Reading is strict everywhere samtal reads JSON
 * ({@link #newMapper()} is the one configuration): a frame or body must be exactly one JSON
 * object in I-JSON (RFC 7493) form — no content after it, no key twice — or it is
 * {@link ErrorCode#MALFORMED_JSON}; a value of the wrong JSON type is never converted (a number
 * is not a string, a string is not a number or an instant, {@code 1} is not {@code true}) and is
 * {@link ErrorCode#BAD_REQUEST}.
 */
public final class WireCodec {
    private final ObjectMapper mapper;

    public WireCodec() {
        this.mapper = newMapper();
    }

    /**
     * The JSON mapper with samtal's settings: ISO-8601 instants, nulls left out, text written as
     * UTF-8 as it is (a character outside the Basic Multilingual Plane, such as an emoji, as its
     * four bytes, not as two six-byte escapes); and strict reading: trailing content and duplicate
     * keys are refused, scalars are never coerced from another JSON type, instants only from
     * ISO-8601 strings.
     */
    public static ObjectMapper newMapper() {
        // Jackson's buffers are recycled per thread by default, and samtal encodes and decodes on
        // virtual threads, each of which would allocate fresh buffers for every message: a pool
        // shared by all threads instead.
        JsonFactory factory = JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build();
        return JsonMapper.builder(factory)
                .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                .addModule(new JavaTimeModule())
                .addModule(new SimpleModule("samtal-strict-instants").addDeserializer(Instant.class, new StrictInstant()))
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Float, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }

    /**
     * Whether a failure to read JSON means the text is not acceptable JSON at all (invalid,
     * content after the value, a key twice: {@link ErrorCode#MALFORMED_JSON}) rather than JSON of
     * the wrong shape ({@link ErrorCode#BAD_REQUEST}).
     */
    public static boolean isMalformed(JsonProcessingException e) {
        if (e instanceof InputCoercionException) {
            return false; // a number out of range: well-formed, wrong value
        }
        if (e instanceof JsonParseException) {
            return true;
        }
        if (e instanceof MismatchedInputException && e.getOriginalMessage() != null
                && e.getOriginalMessage().contains("FAIL_ON_TRAILING_TOKENS")) {
            return true;
        }
        return e instanceof JsonMappingException && e.getCause() instanceof JsonParseException
                && !(e.getCause() instanceof InputCoercionException);
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public ClientMessage decodeClient(byte[] json) throws ProtocolException {
        return decode(json, ClientMessage.class);
    }

    public ClientMessage decodeClient(String json) throws ProtocolException {
        return decode(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), ClientMessage.class);
    }

    public ServerMessage decodeServer(String json) throws ProtocolException {
        return decode(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), ServerMessage.class);
    }

    public byte[] encode(Object message) {
        try {
            return mapper.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An {@code ack} with {@code result} (any value Jackson writes; null: none) written straight
     * from it: the same bytes as {@link #encode} of a {@link ServerMessage.Ack} holding
     * {@code result} as a tree, without building the tree (the ack is the one frame of every
     * request).
     */
    public byte[] encodeAck(String id, Object result) {
        var out = new com.fasterxml.jackson.core.util.ByteArrayBuilder(256);
        try (com.fasterxml.jackson.core.JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("type", "ack");
            if (id != null) {
                g.writeStringField("id", id);
            }
            if (result != null) {
                g.writeFieldName("result");
                mapper.writeValue(g, result);
            }
            g.writeEndObject();
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public String encodeToString(Object message) {
        try {
            return mapper.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T decode(byte[] bytes, Class<T> type) throws ProtocolException {
        if (!startsWithObject(bytes)) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "A message must be a JSON object.", null, null);
        }
        String json = utf8(bytes);
        if (json == null) {
            throw new ProtocolException(ErrorCode.MALFORMED_JSON, "The frame is not UTF-8.", null, null);
        }
        try {
            T value = mapper.readValue(json, type);
            if (value == null) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST, "Expected a JSON object.", null, null);
            }
            return value;
        } catch (InvalidTypeIdException e) {
            boolean missing = e.getTypeId() == null;
            throw new ProtocolException(missing ? ErrorCode.BAD_REQUEST : ErrorCode.UNKNOWN_TYPE,
                    missing ? "Missing 'type'." : "Unknown message type.", idOf(json), typeOf(json));
        } catch (JsonProcessingException e) {
            if (isMalformed(e)) {
                throw new ProtocolException(ErrorCode.MALFORMED_JSON, "The frame is not one valid JSON object "
                        + "(invalid JSON, content after the object, or a key given twice).", idOf(bytes), null);
            }
            throw new ProtocolException(ErrorCode.BAD_REQUEST, describe(e), idOf(json), typeOf(json));
        }
    }

    /**
     * JSON text is UTF-8 (RFC 8259), whatever its first bytes look like: never guessed as UTF-16
     * or UTF-32. Null if the bytes are not valid UTF-8.
     */
    public static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean startsWithObject(byte[] json) {
        for (byte b : json) {
            if (b == '{') {
                return true;
            }
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return false;
    }

    /** Names the offending field without echoing its value (which could be personal data). */
    private static String describe(JsonProcessingException failure) {
        if (!(failure instanceof JsonMappingException e)) {
            return "The message does not have the expected shape.";
        }
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .reduce((a, b) -> a + "." + b)
                .orElse("");
        return path.isEmpty() ? "The message does not have the expected shape."
                : "Field '" + path + "' has an invalid value.";
    }

    /**
     * Best effort, and cheap: the request id of a frame (its top-level {@code "id"}, a string of at
     * most 64 characters), read without decoding the rest, so that a reply about a frame that is
     * not acted on (refused by the rate limit, or unreadable) can still carry it. Null if there is none.
     */
    public String idOf(byte[] json) {
        try (JsonParser parser = mapper.getFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("id".equals(field)) {
                    if (value != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    String id = parser.getText();
                    return id.length() <= 64 ? id : null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Best effort: the request id of a frame that failed to decode, so the error can carry it. */
    private String idOf(String json) {
        return textField(json, "id", 64);
    }

    /** Best effort: the {@code type} of a frame that failed to decode (a refused hello is told apart so). */
    private String typeOf(String json) {
        return textField(json, "type", 64);
    }

    private String textField(String json, String name, int maxLength) {
        try {
            var node = mapper.readTree(json);
            var value = node == null ? null : node.get(name);
            return value != null && value.isTextual() && value.asText().length() <= maxLength ? value.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Instants only from ISO-8601 strings ({@code 2026-11-23T09:00:00Z}), never from numbers. */
    private static final class StrictInstant extends StdScalarDeserializer<Instant> {
        StrictInstant() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
            }
            try {
                return Instant.parse(p.getText().trim());
            } catch (DateTimeParseException e) {
                return (Instant) ctxt.handleWeirdStringValue(Instant.class, p.getText(), "not an ISO-8601 instant");
            }
        }
    }
}
