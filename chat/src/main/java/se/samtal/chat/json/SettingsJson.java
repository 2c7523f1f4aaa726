package se.samtal.chat.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import se.samtal.chat.conversation.ConversationSettings;

import java.io.UncheckedIOException;

/** A conversation's own settings as the stores keep them: JSON, or nothing when it has none. */
public final class SettingsJson {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .addModule(new ChatValuesModule())
            .build();

    private SettingsJson() {
    }

    /** Null for {@link ConversationSettings#NONE}. */
    public static String write(ConversationSettings settings) {
        if (settings == null || settings.equals(ConversationSettings.NONE)) {
            return null;
        }
        try {
            return JSON.writeValueAsString(settings);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ConversationSettings read(String text) {
        if (text == null) {
            return ConversationSettings.NONE;
        }
        try {
            return JSON.readValue(text, ConversationSettings.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
