package se.samtal.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import se.samtal.server.config.TokensConfig;
import se.samtal.server.id.OpaqueIds;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import se.samtal.signalling.visit.Principal;

/**
 * Signs the tokens samtal issues itself: join links minted through the API (to a session or a
 * care conversation), and resume tokens.
 */
public final class TokenMinter {
    private final TokensConfig config;
    private final Clock clock;
    private final MACSigner signer;

    public TokenMinter(TokensConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        try {
            this.signer = new MACSigner(config.signingSecret().getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("tokens.signingSecret is too short for HS256", e);
        }
    }

    /** A minted join token and when it stops working. */
    public record Minted(String token, Instant expiresAt) {
    }

    /** A join token for {@code principal} in {@code sessionId}, valid from now for {@code ttl}. */
    public Minted joinToken(Principal principal, String sessionId, Duration ttl) {
        return link(principal, TokenClaims.SESSION, sessionId, ttl);
    }

    /** A join token for a member of the care conversation {@code conversationId}, valid from now for {@code ttl}. */
    public Minted conversationToken(Principal principal, String conversationId, Duration ttl) {
        return link(principal, TokenClaims.CONVERSATION, conversationId, ttl);
    }

    private Minted link(Principal principal, String opens, String id, Duration ttl) {
        Instant now = clock.instant();
        Instant exp = now.plus(ttl);
        var claims = base(principal, opens, id, now, exp).audience(TokenClaims.JOIN_AUDIENCE).build();
        return new Minted(sign(claims), exp);
    }

    /** A resume token for a participant who is connected now. */
    public Minted resumeToken(Principal principal, String sessionId, String participantId, String streamId) {
        Instant now = clock.instant();
        Instant exp = now.plus(config.resumeTtl());
        var claims = base(principal, TokenClaims.SESSION, sessionId, now, exp)
                .audience(TokenClaims.RESUME_AUDIENCE)
                .claim(TokenClaims.PARTICIPANT, participantId)
                .claim(TokenClaims.STREAM, streamId)
                .build();
        return new Minted(sign(claims), exp);
    }

    /** A resume token for a member connected to a care conversation now. */
    public Minted conversationResumeToken(Principal principal, String conversationId, String memberId) {
        Instant now = clock.instant();
        Instant exp = now.plus(config.resumeTtl());
        var claims = base(principal, TokenClaims.CONVERSATION, conversationId, now, exp)
                .audience(TokenClaims.RESUME_AUDIENCE)
                .claim(TokenClaims.PARTICIPANT, memberId)
                .build();
        return new Minted(sign(claims), exp);
    }

    private JWTClaimsSet.Builder base(Principal principal, String opens, String id, Instant now, Instant exp) {
        var builder = new JWTClaimsSet.Builder()
                .issuer(config.issuer())
                .subject(principal.ref())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(exp))
                .jwtID(OpaqueIds.next("t_"))
                .claim(TokenClaims.TENANT, principal.tenantId())
                .claim(opens, id)
                .claim(TokenClaims.ROLE, principal.role().wire());
        if (principal.name() != null) {
            builder.claim(TokenClaims.NAME, principal.name());
        }
        if (principal.guardian().guardianConsentRequired() != null) {
            builder.claim(TokenClaims.GUARDIAN_CONSENT_REQUIRED, principal.guardian().guardianConsentRequired());
        }
        if (principal.guardian().age() != null) {
            builder.claim(TokenClaims.AGE, principal.guardian().age());
        }
        return builder;
    }

    private String sign(JWTClaimsSet claims) {
        var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("HS256 signing failed", e);
        }
        return jwt.serialize();
    }

}
