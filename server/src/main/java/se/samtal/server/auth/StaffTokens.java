package se.samtal.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.server.config.TokensConfig;
import se.samtal.server.id.OpaqueIds;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Tokens for the care-team inbox ({@code /inbox}): samtal mints them when the platform asks
 * ({@code POST /api/v1/inbox/links}) for a therapist of a tenant, signs them with
 * {@code tokens.signingSecret}, and takes them back only as inbox tokens: their audience is
 * {@value #AUDIENCE}, so they open no session or conversation, and join tokens open no inbox.
 */
public final class StaffTokens {
    public static final String AUDIENCE = "samtal-inbox";
    private static final String ENTRIES = "entries";

    private final TokensConfig config;
    private final Clock clock;
    private final MACSigner signer;
    private final MACVerifier verifier;

    public StaffTokens(TokensConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        try {
            byte[] secret = config.signingSecret().getBytes(StandardCharsets.UTF_8);
            this.signer = new MACSigner(secret);
            this.verifier = new MACVerifier(secret);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("tokens.signingSecret is too short for HS256", e);
        }
    }

    /**
     * A member of a care team, as their inbox token says.
     *
     * @param entries the drop-in entries whose queue they serve (empty: every entry of the tenant)
     */
    public record Staff(String tenantId, String ref, String name, List<String> entries) {
    }

    /** An inbox token for {@code staff}, valid from now for {@code ttl}. */
    public TokenMinter.Minted mint(Staff staff, Duration ttl) {
        Instant now = clock.instant();
        Instant exp = now.plus(ttl);
        var claims = new JWTClaimsSet.Builder().issuer(config.issuer()).audience(AUDIENCE).subject(staff.ref())
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(exp))
                .jwtID(OpaqueIds.next("t_")).claim(TokenClaims.TENANT, staff.tenantId()).claim(TokenClaims.ROLE, "therapist")
                .claim(TokenClaims.NAME, staff.name()).claim(ENTRIES, staff.entries()).build();
        var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("HS256 signing failed", e);
        }
        return new TokenMinter.Minted(jwt.serialize(), exp);
    }

    /** The staff member an inbox token names; {@code unauthorized} unless it is one of ours, for the inbox, and current. */
    public Staff verify(String token) {
        try {
            if (token == null || token.length() > 8192) {
                throw unauthorized();
            }
            var jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                throw unauthorized();
            }
            var claims = jwt.getJWTClaimsSet();
            Instant now = clock.instant();
            Duration skew = config.clockSkew();
            if (!config.issuer().equals(claims.getIssuer()) || claims.getAudience() == null
                    || !claims.getAudience().contains(AUDIENCE) || claims.getExpirationTime() == null
                    || claims.getExpirationTime().toInstant().plus(skew).isBefore(now)
                    || (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().toInstant().minus(skew).isAfter(now))) {
                throw unauthorized();
            }
            String tenant = claims.getStringClaim(TokenClaims.TENANT);
            String ref = claims.getSubject();
            if (tenant == null || ref == null) {
                throw unauthorized();
            }
            List<String> entries = claims.getStringListClaim(ENTRIES);
            return new Staff(tenant, ref, claims.getStringClaim(TokenClaims.NAME), entries == null ? List.of() : List.copyOf(entries));
        } catch (ParseException | JOSEException e) {
            throw unauthorized();
        }
    }

    private static SamtalException unauthorized() {
        return new SamtalException(ErrorCode.UNAUTHORIZED, "The inbox link is not valid (or has expired); open the inbox again from the platform.");
    }
}
