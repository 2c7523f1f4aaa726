package se.samtal.protocol.chat;

import java.util.List;

/**
 * A conversation as its members see it.
 *
 * @param kind             {@code session} (the chat of a video session) or {@code care}
 *                         (an asynchronous conversation between a patient and a care team)
 * @param status           {@code open}, or {@code closed} (readable, but nothing new can be written)
 * @param sessionId        for session chat: the session it belongs to
 * @param members          current members, with their receipts
 * @param lastSeq          the newest message's sequence number (0 if none yet)
 * @param purgedThroughSeq messages up to and including this one were removed by the provider's
 *                         retention rules (0 if none were)
 */
public record ConversationView(String id, String kind, String title, String status, String sessionId,
                               List<MemberView> members, long lastSeq, long purgedThroughSeq,
                               ExpectationsView expectations) {
}
