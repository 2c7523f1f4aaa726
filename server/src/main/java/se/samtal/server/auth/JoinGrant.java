package se.samtal.server.auth;

import java.time.Instant;
import se.samtal.signalling.visit.Principal;

/**
 * What a verified join or resume token allows: this principal may join this session.
 *
 * @param jti          the token id, for single-use checks ({@code null} if the token has none)
 * @param singleUse    whether the tenant requires {@code jti} to be used once only
 * @param expiresAt    the token's {@code exp}
 * @param resume       for a resume token: the participant id and session stream it was issued for
 */
public record JoinGrant(Principal principal, String sessionId, String jti, boolean singleUse, Instant expiresAt,
                        Resume resume) implements HelloGrant {

    /** The part of a resume token that a join token does not have. */
    public record Resume(String participantId, String streamId) {
    }

    @Override
    public boolean isResume() {
        return resume != null;
    }
}
