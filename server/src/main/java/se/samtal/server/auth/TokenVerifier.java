package se.samtal.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import se.samtal.protocol.DisplayText;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.Role;
import se.samtal.protocol.SamtalException;
import se.samtal.recording.policy.GuardianClaims;
import se.samtal.server.config.TokensConfig;
import se.samtal.server.tenant.Tenant;
import se.samtal.server.tenant.Tenants;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import se.samtal.signalling.visit.Principal;

/**
 * Verifies join tokens (signed by a tenant's platform, or minted by samtal) and resume tokens
 * (issued by samtal in {@code welcome}). Checks, in order: form, issuer → tenant, algorithm
 * whitelist, signature, expiry and not-before with clock skew, maximum lifetime, audience, and
 * the claims samtal needs. Single use is checked by the caller once everything else passed, so a
 * token rejected for another reason is not used up.
 *
 * <p>May block on the first use of a tenant's JWKS URL: call it off the event loop.
 */
public final class TokenVerifier {
    private static final int MAX_TOKEN_LENGTH = 8192;

    private final Tenants tenants;
    private final TokensConfig config;
    private final Clock clock;
    private final MACVerifier samtalKey;
    private final Map<String, DefaultJWTProcessor<SecurityContext>> processors = new ConcurrentHashMap<>();

    public TokenVerifier(Tenants tenants, TokensConfig config, Clock clock) {
        this.tenants = tenants;
        this.config = config;
        this.clock = clock;
        try {
            this.samtalKey = new MACVerifier(config.signingSecret().getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("tokens.signingSecret is too short for HS256", e);
        }
    }

    /** A token whose signature, times and principal have been checked; what it opens is still to be read. */
    private record Verified(Tenant tenant, JWTClaimsSet claims, Principal principal) {
        boolean names(String claim) {
            return claims.getClaim(claim) != null;
        }
    }

    /** Verifies the token from a session's join link. */
    public JoinGrant verifyJoin(String token) {
        return sessionGrant(verifyLinkToken(token));
    }

    /**
     * Verifies the token from a join link, which opens either a session ({@code session} claim)
     * or a care conversation ({@code conversation} claim), never both.
     */
    public HelloGrant verifyLink(String token) {
        Verified verified = verifyLinkToken(token);
        if (verified.names(TokenClaims.CONVERSATION)) {
            if (verified.names(TokenClaims.SESSION)) {
                throw new SamtalException(ErrorCode.TOKEN_CLAIMS_INVALID, "A token opens a session or a conversation, not both.");
            }
            var claims = verified.claims();
            return new ConversationGrant(verified.principal(), requiredId(claims, TokenClaims.CONVERSATION), jti(verified),
                    verified.tenant().singleUseTokens(), claims.getExpirationTime().toInstant(), null);
        }
        return sessionGrant(verified);
    }

    private Verified verifyLinkToken(String token) {
        SignedJWT jwt = parse(token);
        JWTClaimsSet claims = claimsOf(jwt);
        Tenant tenant;
        if (config.issuer().equals(claims.getIssuer())) {
            tenant = samtalSigned(jwt, claims);
            requireAudience(claims, TokenClaims.JOIN_AUDIENCE);
        } else {
            tenant = tenants.byIssuer(claims.getIssuer())
                    .orElseThrow(() -> new SamtalException(ErrorCode.TOKEN_UNKNOWN_ISSUER));
            verifyWithTenantKeys(tenant, jwt);
            tenant.audience().ifPresent(audience -> requireAudience(claims, audience));
        }
        checkTimes(claims, tenant.maxTokenLifetime());
        return new Verified(tenant, claims, principalOf(tenant, claims));
    }

    private static JoinGrant sessionGrant(Verified verified) {
        var claims = verified.claims();
        String session = requiredId(claims, TokenClaims.SESSION);
        return new JoinGrant(verified.principal(), session, jti(verified), verified.tenant().singleUseTokens(),
                claims.getExpirationTime().toInstant(), null);
    }

    private static String jti(Verified verified) {
        String jti = verified.claims().getJWTID();
        if (verified.tenant().singleUseTokens() && (jti == null || jti.isBlank() || jti.length() > 128)) {
            throw new SamtalException(ErrorCode.TOKEN_CLAIMS_INVALID, "This tenant requires a 'jti' claim (single-use tokens).");
        }
        return jti;
    }

    /** Verifies a resume token that samtal issued in an earlier {@code welcome} into a session. */
    public JoinGrant verifyResume(String token) {
        Verified verified = verifyResumeToken(token);
        if (verified.names(TokenClaims.CONVERSATION)) {
            throw new SamtalException(ErrorCode.TOKEN_INVALID, "Not a session's resume token.");
        }
        return sessionResume(verified);
    }

    /** Verifies a resume token from an earlier {@code welcome}, into a session or a care conversation. */
    public HelloGrant verifyAnyResume(String token) {
        Verified verified = verifyResumeToken(token);
        if (verified.names(TokenClaims.CONVERSATION)) {
            var claims = verified.claims();
            return new ConversationGrant(verified.principal(), requiredId(claims, TokenClaims.CONVERSATION), claims.getJWTID(),
                    false, claims.getExpirationTime().toInstant(), requiredId(claims, TokenClaims.PARTICIPANT));
        }
        return sessionResume(verified);
    }

    private Verified verifyResumeToken(String token) {
        SignedJWT jwt = parse(token);
        JWTClaimsSet claims = claimsOf(jwt);
        if (!config.issuer().equals(claims.getIssuer())) {
            throw new SamtalException(ErrorCode.TOKEN_INVALID, "Not a resume token.");
        }
        Tenant tenant = samtalSigned(jwt, claims);
        requireAudience(claims, TokenClaims.RESUME_AUDIENCE);
        checkTimes(claims, config.resumeTtl());
        return new Verified(tenant, claims, principalOf(tenant, claims));
    }

    private static JoinGrant sessionResume(Verified verified) {
        var claims = verified.claims();
        var resume = new JoinGrant.Resume(requiredId(claims, TokenClaims.PARTICIPANT), requiredId(claims, TokenClaims.STREAM));
        return new JoinGrant(verified.principal(), requiredId(claims, TokenClaims.SESSION), claims.getJWTID(), false,
                claims.getExpirationTime().toInstant(), resume);
    }

    private static SignedJWT parse(String token) {
        if (token == null || token.isBlank()) {
            throw new SamtalException(ErrorCode.TOKEN_INVALID, "No token.");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new SamtalException(ErrorCode.TOKEN_INVALID, "The token is too long.");
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException | RuntimeException e) {
            // The library throws more than ParseException for some shapes (a header that is JSON
            // null: NullPointerException; found by fuzzing). Whatever it is, it is not a JWT.
            throw new SamtalException(ErrorCode.TOKEN_INVALID, "The token is not a JWT.");
        }
        return switch (jwt) {
            case SignedJWT signed -> signed;
            case PlainJWT plain -> throw new SamtalException(ErrorCode.TOKEN_ALGORITHM_NOT_ALLOWED,
                    "Unsigned tokens (alg: none) are never accepted.");
            case EncryptedJWT encrypted -> throw new SamtalException(ErrorCode.TOKEN_INVALID, "Encrypted tokens are not supported.");
            default -> throw new SamtalException(ErrorCode.TOKEN_INVALID);
        };
    }

    private static JWTClaimsSet claimsOf(SignedJWT jwt) {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            throw new SamtalException(ErrorCode.TOKEN_INVALID, "The token's claims are not a JSON object.");
        }
    }

    private Tenant samtalSigned(SignedJWT jwt, JWTClaimsSet claims) {
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new SamtalException(ErrorCode.TOKEN_ALGORITHM_NOT_ALLOWED);
        }
        try {
            if (!jwt.verify(samtalKey)) {
                throw new SamtalException(ErrorCode.TOKEN_INVALID);
            }
        } catch (JOSEException e) {
            throw new SamtalException(ErrorCode.TOKEN_INVALID);
        }
        String tenantId = stringClaim(claims, TokenClaims.TENANT);
        return tenants.byId(tenantId).orElseThrow(() -> new SamtalException(ErrorCode.TOKEN_UNKNOWN_ISSUER,
                "The token names a tenant that is not configured."));
    }

    private void verifyWithTenantKeys(Tenant tenant, SignedJWT jwt) {
        if (!tenant.keys().algorithms().contains(jwt.getHeader().getAlgorithm())) {
            throw new SamtalException(ErrorCode.TOKEN_ALGORITHM_NOT_ALLOWED);
        }
        var processor = processors.computeIfAbsent(tenant.id(), id -> {
            var p = new DefaultJWTProcessor<SecurityContext>();
            p.setJWSKeySelector(new JWSVerificationKeySelector<>(tenant.keys().algorithms(), tenant.keys().source()));
            p.setJWTClaimsSetVerifier((claims, context) -> { });
            return p;
        });
        try {
            processor.process(jwt, null);
        } catch (BadJOSEException | JOSEException e) {
            throw new SamtalException(ErrorCode.TOKEN_INVALID);
        }
    }

    private void checkTimes(JWTClaimsSet claims, Duration maxLifetime) {
        Instant now = clock.instant();
        Duration skew = config.clockSkew();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new SamtalException(ErrorCode.TOKEN_CLAIMS_INVALID, "The token has no 'exp' claim.");
        }
        if (exp.toInstant().plus(skew).isBefore(now)) {
            throw new SamtalException(ErrorCode.TOKEN_EXPIRED);
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().minus(skew).isAfter(now)) {
            throw new SamtalException(ErrorCode.TOKEN_NOT_YET_VALID);
        }
        Date iat = claims.getIssueTime();
        Instant start = nbf != null ? nbf.toInstant() : iat != null ? iat.toInstant() : now;
        if (Duration.between(start, exp.toInstant()).compareTo(maxLifetime.plus(skew)) > 0) {
            throw new SamtalException(ErrorCode.TOKEN_LIFETIME_TOO_LONG);
        }
    }

    private static void requireAudience(JWTClaimsSet claims, String audience) {
        if (claims.getAudience() == null || !claims.getAudience().contains(audience)) {
            throw new SamtalException(ErrorCode.TOKEN_CLAIMS_INVALID, "The token's 'aud' does not include '" + audience + "'.");
        }
    }

    private static Principal principalOf(Tenant tenant, JWTClaimsSet claims) {
        String ref = claims.getSubject();
        if (ref == null || ref.isBlank() || ref.length() > TokenClaims.MAX_REF_LENGTH || hasControlCharacters(ref)) {
            throw new SamtalException(ErrorCode.TOKEN_CLAIMS_INVALID, "The token's 'sub' is missing or invalid.");
        }
        Role role = Role.fromWire(stringClaim(claims, TokenClaims.ROLE));
        if (role == null) {
            throw new SamtalException(ErrorCode.TOKEN_CLAIMS_INVALID, "The token's 'role' is missing or not a known role.");
        }
        String name = stringClaim(claims, TokenClaims.NAME);
        if (name != null && (name.length() > TokenClaims.MAX_NAME_LENGTH || !DisplayText.isAcceptable(name))) {
            throw new SamtalException(ErrorCode.TOKEN_CLAIMS_INVALID,
                    "The token's 'name' is too long or has control, bidirectional or invisible formatting characters.");
        }
        return new Principal(tenant.id(), ref, role, name == null || name.isBlank() ? null : name.strip(), guardianClaims(claims));
    }

    /** {@code guardianConsentRequired} (boolean) and {@code age} (whole number 0–150), both optional. */
    private static GuardianClaims guardianClaims(JWTClaimsSet claims) {
        Object required = claims.getClaim(TokenClaims.GUARDIAN_CONSENT_REQUIRED);
        Object age = claims.getClaim(TokenClaims.AGE);
        if (required != null && !(required instanceof Boolean)) {
            throw new SamtalException(ErrorCode.TOKEN_CLAIMS_INVALID, "The token's 'guardianConsentRequired' must be true or false.");
        }
        boolean wholeNumber = age instanceof Integer || age instanceof Long;
        if (age != null && (!wholeNumber || ((Number) age).longValue() < 0 || ((Number) age).longValue() > 150)) {
            throw new SamtalException(ErrorCode.TOKEN_CLAIMS_INVALID, "The token's 'age' must be a whole number from 0 to 150.");
        }
        return new GuardianClaims((Boolean) required, age == null ? null : ((Number) age).intValue());
    }

    private static String requiredId(JWTClaimsSet claims, String claim) {
        String value = stringClaim(claims, claim);
        if (value == null || value.isBlank() || value.length() > TokenClaims.MAX_ID_LENGTH || hasControlCharacters(value)) {
            throw new SamtalException(ErrorCode.TOKEN_CLAIMS_INVALID, "The token's '" + claim + "' claim is missing or invalid.");
        }
        return value;
    }

    private static String stringClaim(JWTClaimsSet claims, String claim) {
        try {
            return claims.getStringClaim(claim);
        } catch (ParseException e) {
            throw new SamtalException(ErrorCode.TOKEN_CLAIMS_INVALID, "The token's '" + claim + "' claim must be a string.");
        }
    }

    static boolean hasControlCharacters(String s) {
        return s.chars().anyMatch(Character::isISOControl);
    }
}
