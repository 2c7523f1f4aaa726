package se.samtal.chat.store;

import se.samtal.chat.conversation.Conversation;
import se.samtal.chat.conversation.Member;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where conversations and their members are kept. Every call names the tenant: a tenant never
 * sees another's conversations, even with the right id. Implementations block (call them off
 * event loops) and are shared by every thread. The contract is spelled out by
 * {@code ChatStoreContract} in this module's test-jar: an implementation passes it or is wrong.
 */
public interface ConversationStore {

    /**
     * Stores a new care conversation with its first members, unless the tenant already has
     * {@code maxOpen} open conversations (then {@code tenant_limit_reached}, nothing stored).
     */
    Conversation createCare(Conversation conversation, List<Member> members, int maxOpen);

    /**
     * The chat of a session, created with {@code join.conversationId} if it does not exist yet,
     * with the person as a member (added if new: able to read from the first message if
     * {@code join.seeEarlier}, else from the next one). One atomic step.
     */
    SessionChat joinSessionChat(SessionChatJoin join);

    Optional<Conversation> find(String tenantId, String conversationId);

    Optional<Conversation> findBySession(String tenantId, String sessionId);

    /** Every member, removed ones too, in the order they were added. */
    List<Member> members(String tenantId, String conversationId);

    /**
     * The care conversations {@code ref} is a current member of, most recently active first, at
     * most {@code limit} (a care team's inbox).
     */
    List<Conversation> conversationsOf(String tenantId, String ref, int limit);

    /** The member with the platform's reference {@code ref}, current or removed. */
    Optional<Member> member(String tenantId, String conversationId, String ref);

    /**
     * Adds {@code candidate} (by its ref). A current member with that ref and role is returned
     * as is; a removed one is reinstated with the candidate's role and name. Refused with
     * {@code conflict}: the ref is a current member with another role, or a second current
     * patient. Refused with {@code tenant_limit_reached}: the conversation has {@code maxMembers}
     * current members. {@code conversation_not_found} if there is no such conversation.
     */
    Member addMember(String tenantId, String conversationId, Member candidate, int maxMembers);

    /** Marks a current member removed at {@code at}; false if there was no current member with that id. */
    boolean removeMember(String tenantId, String conversationId, String memberId, java.time.Instant at);

    /**
     * Changes what a conversation says of itself: title, status, settings, legal hold and
     * closing time are taken from {@code change}'s result; everything else is kept. One atomic
     * step; {@code change} may throw to refuse (nothing changes then).
     *
     * @return the changed conversation, or empty if there is no such conversation
     */
    Optional<Conversation> update(String tenantId, String conversationId, UnaryOperator<Conversation> change);

    /**
     * Deletes a conversation with its members and messages. Refused with {@code conflict} while
     * it is on legal hold. Returns false if there was no such conversation.
     */
    boolean delete(String tenantId, String conversationId);

    boolean isHealthy();
}
