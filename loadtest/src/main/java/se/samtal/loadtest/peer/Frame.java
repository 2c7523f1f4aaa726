package se.samtal.loadtest.peer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A frame from the server as the load client sees it: the few fields every benchmark needs,
 * and, where the whole frame was read, its JSON tree.
 *
 * @param type the message type
 * @param id   the request id of a reply (ack, error, welcome), else null
 * @param code the error code of an error, else null
 * @param text the first {@code text} field anywhere in the frame (a chat message's text), else null
 * @param tree the whole frame, or null where only these fields were read (the hot path)
 */
public record Frame(String type, String id, String code, String text, JsonNode tree) {

    public boolean isReply() {
        return id != null && ("ack".equals(type) || "error".equals(type) || "welcome".equals(type));
    }

    public boolean isError() {
        return "error".equals(type);
    }

    /** The field at {@code path} (JSON Pointer, e.g. {@code /participant/stage}) as text, or null. */
    public String at(String path) {
        if (tree == null) {
            return null;
        }
        JsonNode node = tree.at(path);
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }
}
