package se.samtal.chat.store;

import se.samtal.chat.conversation.Member;

import java.time.Instant;

/**
 * A person entering a session's chat.
 *
 * @param conversationId the id to give the chat if it does not exist yet
 * @param candidate      the member to add if the person is not one yet (their id, ref, role, name)
 * @param seeEarlier     whether a new member may read what was written before they came
 */
public record SessionChatJoin(String tenantId, String sessionId, String conversationId, Member candidate,
                              boolean seeEarlier, Instant at) {
}
