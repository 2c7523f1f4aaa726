package se.samtal.server.gateway;

import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.WireCodec;

import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * A server message encoded once as JSON, ready to be sent to any number of connections.
 *
 * @param type the message's wire type, for metrics
 */
public record EncodedMessage(String type, byte[] json) {
    private static final ClassValue<String> TYPES = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            JsonTypeName name = type.getAnnotation(JsonTypeName.class);
            return name != null ? name.value() : type.getSimpleName();
        }
    };

    public static EncodedMessage of(WireCodec codec, ServerMessage message) {
        return new EncodedMessage(typeOf(message), codec.encode(message));
    }

    /** The wire {@code type} of a message class (its {@link JsonTypeName}). */
    public static String typeOf(Object message) {
        return TYPES.get(message.getClass());
    }
}
