package se.samtal.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.netty.handler.codec.http.HttpHeaderNames;
import se.samtal.chat.json.ChatValuesModule;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.WireCodec;

import java.util.Locale;

/**
 * Reads JSON request bodies of the platform API strictly: the body must be
 * {@code application/json}, a JSON object of the expected shape, without unknown fields (so
 * typos do not pass silently). Errors name the field, never its value.
 */
final class ApiBodies {
    private final ObjectMapper strict = WireCodec.newMapper().copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .registerModule(new ChatValuesModule());

    /**
     * Not one JSON object in I-JSON form (invalid, content after it, a key twice):
     * {@code malformed_json}; of the wrong shape: {@code bad_request} naming the field.
     */
    private static SamtalException refusal(JsonProcessingException e) {
        if (WireCodec.isMalformed(e)) {
            return new SamtalException(ErrorCode.MALFORMED_JSON,
                    "The body is not one valid JSON object (invalid JSON, content after the object, or a key given twice).");
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return new SamtalException(ErrorCode.BAD_REQUEST, "Unknown field '" + u.getPropertyName() + "'.");
        }
        if (e.getCause() instanceof IllegalArgumentException iae && iae.getMessage() != null) {
            return new SamtalException(ErrorCode.BAD_REQUEST, iae.getMessage());
        }
        String field = null;
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            field = m.getPath().get(m.getPath().size() - 1).getFieldName();
        }
        return new SamtalException(ErrorCode.BAD_REQUEST, field != null ? "Field '" + field + "' has an invalid value."
                : "The body does not have the expected shape.");
    }

    <T> T read(ApiRequest request, Class<T> type) {
        String contentType = request.http().headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new SamtalException(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
        }
        var content = request.http().content();
        byte[] bytes = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), bytes);
        String json = WireCodec.utf8(bytes);
        if (json == null) {
            throw new SamtalException(ErrorCode.MALFORMED_JSON, "The body is not UTF-8.");
        }
        try {
            T value = strict.readValue(json, type);
            if (value == null) {
                throw new SamtalException(ErrorCode.BAD_REQUEST, "The body must be a JSON object.");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw refusal(e);
        }
    }
}
