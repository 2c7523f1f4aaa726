package se.samtal.server.auth;

import java.time.Instant;
import se.samtal.signalling.visit.Principal;

/**
 * What a verified care-conversation token allows: this principal may open this conversation
 * (if the platform made them a member of it).
 *
 * @param jti            the token id, for single-use checks ({@code null} if the token has none)
 * @param singleUse      whether the tenant requires {@code jti} to be used once only
 * @param resumeMemberId for a resume token: the member id it was issued for
 */
public record ConversationGrant(Principal principal, String conversationId, String jti, boolean singleUse,
                                Instant expiresAt, String resumeMemberId) implements HelloGrant {

    @Override
    public boolean isResume() {
        return resumeMemberId != null;
    }
}
