package se.samtal.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns protocol messages into JSON text and back. Thread-safe; share one instance.
 *
 * <p>Unknown properties are ignored (newer peers may add fields); unknown message types are
 * reported as {@link ErrorCode#UNKNOWN_TYPE}.
 */
public final class WireCodec {
    private final ObjectMapper mapper;

    public WireCodec() {
        this.mapper = newMapper();
    }

    /**
     * The JSON mapper with samtal's settings: ISO-8601 instants, nulls left out, and text written
     * as UTF-8 as it is (a character outside the Basic Multilingual Plane, such as an emoji, as its
     * four bytes, not as two six-byte escapes).
     */
    public static ObjectMapper newMapper() {
        return JsonMapper.builder()
                .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                .addModule(new JavaTimeModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
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

    public String encodeToString(Object message) {
        try {
            return mapper.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T decode(byte[] json, Class<T> type) throws ProtocolException {
        if (!startsWithObject(json)) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "A message must be a JSON object.", null);
        }
        try {
            T value = mapper.readValue(json, type);
            if (value == null) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST, "Expected a JSON object.", null);
            }
            return value;
        } catch (InvalidTypeIdException e) {
            boolean missing = e.getTypeId() == null;
            throw new ProtocolException(missing ? ErrorCode.BAD_REQUEST : ErrorCode.UNKNOWN_TYPE,
                    missing ? "Missing 'type'." : "Unknown message type.", idOf(json));
        } catch (MismatchedInputException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, describe(e), idOf(json));
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.MALFORMED_JSON, ErrorCode.MALFORMED_JSON.defaultMessage(), idOf(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
    private static String describe(MismatchedInputException e) {
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
}
