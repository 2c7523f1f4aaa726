package se.samtal.server.chat;

import se.samtal.chat.conversation.Conversation;
import se.samtal.chat.conversation.ConversationKind;
import se.samtal.chat.conversation.Member;
import se.samtal.chat.store.ConversationStore;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.ParticipantView;
import se.samtal.protocol.PresenceState;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.ServerMessage;
import se.samtal.server.auth.ConversationGrant;
import se.samtal.signalling.visit.Principal;
import se.samtal.server.auth.ReplayCache;
import se.samtal.server.auth.TokenMinter;
import se.samtal.server.gateway.Connection;
import se.samtal.server.gateway.ConversationDoor;
import se.samtal.server.gateway.Seat;
import se.samtal.server.tenant.Tenant;
import se.samtal.server.tenant.Tenants;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Lets a member into a care conversation on a connection opened with the conversation's link.
 * The platform decides who is a member (through its API); the token must name a current member
 * in their role, of the token's own tenant. The member's name is the one the platform gave the
 * member. A single-use token is spent only when everything else passed.
 */
public final class ConversationEntrance implements ConversationDoor {
    private final ConversationStore conversations;
    private final Tenants tenants;
    private final ReplayCache replayCache;
    private final TokenMinter minter;
    private final int heartbeatSeconds;
    private final Duration clockSkew;

    public ConversationEntrance(ConversationStore conversations, Tenants tenants, ReplayCache replayCache, TokenMinter minter,
                                int heartbeatSeconds, Duration clockSkew) {
        this.conversations = conversations;
        this.tenants = tenants;
        this.replayCache = replayCache;
        this.minter = minter;
        this.heartbeatSeconds = heartbeatSeconds;
        this.clockSkew = clockSkew;
    }

    @Override
    public String open(ConversationGrant grant, Connection connection, String requestId, Consumer<Seat> bind) {
        Principal token = grant.principal();
        Tenant tenant = tenants.byId(token.tenantId()).orElseThrow(() -> new SamtalException(ErrorCode.TOKEN_UNKNOWN_ISSUER));
        Conversation conversation = conversations.find(tenant.id(), grant.conversationId())
                .filter(c -> c.kind() == ConversationKind.CARE)
                .orElseThrow(() -> new SamtalException(ErrorCode.CONVERSATION_NOT_FOUND));
        Member member = conversations.member(tenant.id(), conversation.id(), token.ref()).filter(Member::isCurrent)
                .orElseThrow(() -> new SamtalException(ErrorCode.NOT_A_MEMBER));
        if (member.role() != token.role()) {
            throw new SamtalException(ErrorCode.NOT_A_MEMBER, "The token's role is not the member's role in this conversation.");
        }
        if (grant.isResume() && !grant.resumeMemberId().equals(member.id())) {
            throw new SamtalException(ErrorCode.TOKEN_INVALID, "The resume token belongs to another member.");
        }
        if (grant.singleUse() && !replayCache.firstUse(tenant.id(), grant.jti(), grant.expiresAt().plus(clockSkew))) {
            throw new SamtalException(ErrorCode.TOKEN_REPLAYED);
        }
        var principal = new Principal(tenant.id(), member.ref(), member.role(), member.name() != null ? member.name() : token.name());
        String conversationId = conversation.id();
        String memberId = member.id();
        bind.accept(Seat.inConversation(principal, conversationId, memberId, () -> List.of(
                new ServerMessage.ResumeToken(minter.conversationResumeToken(principal, conversationId, memberId).token()))));
        var resume = minter.conversationResumeToken(principal, conversation.id(), member.id());
        var you = new ParticipantView(member.id(), member.role(), principal.name(), PresenceState.JOINED, null, null, null, null);
        connection.send(new ServerMessage.Welcome(requestId, connection.connectionId(), resume.token(), heartbeatSeconds, you,
                null, List.of(), 0, null, List.of(), null, null, conversation.id()));
        return member.id();
    }
}
