package se.samtal.loadtest.peer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads server frames with Jackson. The hot path ({@link #header}) streams through the frame
 * once and keeps only type, id, code and the first text, so a load client can read a hundred
 * thousand frames a second without building trees.
 */
public final class Frames {
    private final JsonFactory factory;
    private final ObjectMapper mapper;

    public Frames(ObjectMapper mapper) {
        this.mapper = mapper;
        this.factory = mapper.getFactory();
    }

    /** Type, id, code and the first text of a frame, without its tree. */
    public Frame header(ByteBuf utf8) {
        String type = null;
        String id = null;
        String code = null;
        String text = null;
        try (JsonParser p = factory.createParser((java.io.InputStream) new ByteBufInputStream(utf8.duplicate()))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return new Frame(null, null, null, null, null);
            }
            int depth = 1;
            JsonToken token;
            while (depth > 0 && (token = p.nextToken()) != null) {
                switch (token) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> depth--;
                    case VALUE_STRING -> {
                        String field = p.currentName();
                        if (depth == 1 && "type".equals(field)) {
                            type = p.getText();
                        } else if (depth == 1 && "id".equals(field)) {
                            id = p.getText();
                        } else if (depth == 1 && "code".equals(field)) {
                            code = p.getText();
                        } else if (text == null && "text".equals(field)) {
                            text = p.getText();
                        }
                    }
                    default -> {
                    }
                }
            }
        } catch (IOException e) {
            return new Frame(null, null, null, null, null);
        }
        return new Frame(type, id, code, text, null);
    }

    /** The whole frame, as a tree. */
    public Frame full(ByteBuf utf8) {
        try {
            JsonNode tree = mapper.readTree((java.io.InputStream) new ByteBufInputStream(utf8.duplicate()));
            return new Frame(textOf(tree, "type"), textOf(tree, "id"), textOf(tree, "code"), firstText(tree), tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String textOf(JsonNode tree, String field) {
        JsonNode node = tree.get(field);
        return node == null || !node.isTextual() ? null : node.asText();
    }

    private static String firstText(JsonNode tree) {
        JsonNode found = tree.findValue("text");
        return found == null || !found.isTextual() ? null : found.asText();
    }
}
