package se.samtal.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What was acted on: a session, a conversation (with the session it belongs to, for a session's
 * chat), a patient's audit log, the tenant's audit log, or a platform API route. Entries are
 * found by their object: the log of a session also holds the events of its chat.
 *
 * @param id      samtal's id of the object (null for the tenant's audit log and API routes)
 * @param session for a session's chat: the session's id
 */
public record AuditObject(String type, String id, String session) {
    public static final String SESSION = "session";
    public static final String CONVERSATION = "conversation";

    public AuditObject {
        AuditText.requireWord(type, "object.type");
        if (id != null) {
            AuditText.requireText(id, "object.id");
        }
        if (session != null) {
            AuditText.requireText(session, "object.session");
        }
    }

    public static AuditObject session(String sessionId) {
        return new AuditObject(SESSION, Objects.requireNonNull(sessionId), null);
    }

    public static AuditObject conversation(String conversationId) {
        return new AuditObject(CONVERSATION, Objects.requireNonNull(conversationId), null);
    }

    /** The chat of session {@code sessionId}. */
    public static AuditObject sessionChat(String conversationId, String sessionId) {
        return new AuditObject(CONVERSATION, Objects.requireNonNull(conversationId), sessionId);
    }

    public static AuditObject of(String type) {
        return new AuditObject(type, null, null);
    }

    /** The keys the event is filed under, to be found by object: {@code type:id}, and {@code session:id} of a session's chat. */
    public List<String> keys() {
        var keys = new ArrayList<String>(2);
        if (id != null) {
            keys.add(key(type, id));
        }
        if (session != null) {
            keys.add(key(SESSION, session));
        }
        return keys;
    }

    public static String key(String type, String id) {
        return type + ":" + id;
    }
}
