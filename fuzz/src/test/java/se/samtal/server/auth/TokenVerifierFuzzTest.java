package se.samtal.server.auth;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import se.samtal.protocol.DisplayText;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.server.config.PolicyConfig;
import se.samtal.signalling.visit.Principal;
import se.samtal.server.config.TenantConfig;
import se.samtal.server.config.TokensConfig;
import se.samtal.server.tenant.Tenants;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token verifier's handling of structure, not its cryptography: the fuzzer writes the
 * header and the claims, and the harness signs them with the right key (the tenant's HS256
 * secret, or samtal's own for minted links and resume tokens), so every claim check is reached.
 * Raw strings are tried too. Each token is a grant or a {@link SamtalException} with a
 * {@code token_*} code (docs/protocol.md); never another exception. A grant carries only
 * what the rules allow (a sane person reference, a name fit for showing, a role).
 */
class TokenVerifierFuzzTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final String ISSUER = "https://platform.example";
    private static final String TENANT_SECRET = "tenant-platform-secret-that-is-long-enough-0";
    private static final String SAMTAL_SECRET = "samtal-signing-secret-that-is-long-enough-1";
    private static final Set<ErrorCode> TOKEN_ERRORS = Set.of(ErrorCode.TOKEN_INVALID, ErrorCode.TOKEN_ALGORITHM_NOT_ALLOWED,
            ErrorCode.TOKEN_UNKNOWN_ISSUER, ErrorCode.TOKEN_EXPIRED, ErrorCode.TOKEN_NOT_YET_VALID,
            ErrorCode.TOKEN_LIFETIME_TOO_LONG, ErrorCode.TOKEN_CLAIMS_INVALID);
    private static final TokenVerifier VERIFIER = new TokenVerifier(new Tenants(List.of(
            new TenantConfig("region-x", null, ISSUER, null, new TenantConfig.KeysConfig(List.of(TENANT_SECRET), null, null),
                    Duration.ofHours(24), true, null, null, (PolicyConfig) null))),
            new TokensConfig("samtal", SAMTAL_SECRET, null, null, null), Clock.fixed(NOW, ZoneOffset.UTC));

    @FuzzTest
    void tokensAreGrantsOrTypedRefusals(FuzzedDataProvider data) {
        int kind = data.consumeInt(0, 3);
        String token;
        if (kind == 0) {
            token = data.consumeRemainingAsString();
        } else {
            String header = data.consumeBoolean() ? "{\"alg\":\"HS256\",\"typ\":\"JWT\"}" : data.consumeString(200);
            String secret = data.consumeBoolean() ? TENANT_SECRET : SAMTAL_SECRET;
            token = signed(header.getBytes(StandardCharsets.UTF_8), data.consumeRemainingAsBytes(), secret);
        }
        boolean resume = kind == 3;
        HelloGrant grant;
        try {
            grant = resume ? VERIFIER.verifyAnyResume(token) : VERIFIER.verifyLink(token);
        } catch (SamtalException e) {
            assertThat(TOKEN_ERRORS).contains(e.code());
            return;
        }
        Principal who = switch (grant) {
            case JoinGrant join -> {
                assertThat(join.sessionId()).isNotBlank().hasSizeLessThanOrEqualTo(128);
                yield join.principal();
            }
            case ConversationGrant conversation -> {
                assertThat(conversation.conversationId()).isNotBlank().hasSizeLessThanOrEqualTo(128);
                yield conversation.principal();
            }
        };
        assertThat(who.role()).isNotNull();
        assertThat(who.ref()).isNotBlank().hasSizeLessThanOrEqualTo(128);
        assertThat(who.ref().chars().noneMatch(Character::isISOControl)).isTrue();
        assertThat(who.name() == null || (who.name().length() <= 100 && DisplayText.isAcceptable(who.name()))).isTrue();
        assertThat(who.tenantId()).isEqualTo("region-x");
    }

    /** A JWS in compact form over exactly these bytes, with a valid HS256 signature. */
    private static String signed(byte[] header, byte[] payload, String secret) {
        var b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(header) + "." + b64.encodeToString(payload);
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return input + "." + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
