package se.samtal.server.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.Role;
import se.samtal.protocol.SamtalException;
import se.samtal.recording.policy.GuardianClaims;
import se.samtal.server.config.TenantConfig;
import se.samtal.server.config.TokensConfig;
import se.samtal.server.tenant.Tenants;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import se.samtal.signalling.visit.Principal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TokenVerifierTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String HS_SECRET = "hs-tenant-secret-that-is-long-enough-012345";
    private static final TokensConfig TOKENS = new TokensConfig("samtal", "samtal-signing-secret-that-is-long-enough-1", null, null, null);

    private static TenantConfig tenant(String id, String issuer, TenantConfig.KeysConfig keys) {
        return new TenantConfig(id, null, issuer, null, keys, Duration.ofHours(2), null, null, null, null);
    }

    private static JWTClaimsSet.Builder claims(String issuer) {
        return new JWTClaimsSet.Builder().issuer(issuer).subject("person-17").issueTime(Date.from(NOW))
                .expirationTime(Date.from(NOW.plusSeconds(600))).claim("session", "s_abc").claim("role", "patient")
                .claim("name", "Alex");
    }

    private static String sign(JWSAlgorithm alg, JWSSigner signer, JWTClaimsSet claims, String kid) throws Exception {
        var jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static String pem(java.security.PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    @Test
    void hs256RS256AndES256TokensVerifyWithTheirTenantsKeys() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).generate();
        ECKey ec = new ECKeyGenerator(Curve.P_256).generate();
        var tenants = new Tenants(List.of(
                tenant("hs", "https://hs.test", new TenantConfig.KeysConfig(List.of(HS_SECRET), null, null)),
                tenant("rs", "https://rs.test", new TenantConfig.KeysConfig(null, List.of(pem(rsa.toPublicKey())), null)),
                tenant("es", "https://es.test", new TenantConfig.KeysConfig(null, List.of(pem(ec.toPublicKey())), null))));
        var verifier = new TokenVerifier(tenants, TOKENS, CLOCK);

        var hs = verifier.verifyJoin(sign(JWSAlgorithm.HS256, new MACSigner(HS_SECRET), claims("https://hs.test").build(), null));
        assertThat(hs.principal()).isEqualTo(new Principal("hs", "person-17", Role.PATIENT, "Alex"));
        assertThat(hs.sessionId()).isEqualTo("s_abc");
        var rs = verifier.verifyJoin(sign(JWSAlgorithm.RS256, new RSASSASigner(rsa), claims("https://rs.test").build(), null));
        assertThat(rs.principal().tenantId()).isEqualTo("rs");
        var es = verifier.verifyJoin(sign(JWSAlgorithm.ES256, new ECDSASigner(ec), claims("https://es.test").build(), null));
        assertThat(es.principal().tenantId()).isEqualTo("es");
    }

    @Test
    void anAlgorithmTheTenantHasNoKeyForIsRefusedBeforeAnySignatureCheck() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).generate();
        var tenants = new Tenants(List.of(tenant("hs", "https://hs.test", new TenantConfig.KeysConfig(List.of(HS_SECRET), null, null))));
        var verifier = new TokenVerifier(tenants, TOKENS, CLOCK);
        String rs256 = sign(JWSAlgorithm.RS256, new RSASSASigner(rsa), claims("https://hs.test").build(), null);
        assertThat(catchThrowableOfType(SamtalException.class, () -> verifier.verifyJoin(rs256)).code())
                .isEqualTo(ErrorCode.TOKEN_ALGORITHM_NOT_ALLOWED);
        String hs512 = sign(JWSAlgorithm.HS512, new MACSigner(HS_SECRET + HS_SECRET), claims("https://hs.test").build(), null);
        assertThat(catchThrowableOfType(SamtalException.class, () -> verifier.verifyJoin(hs512)).code())
                .isEqualTo(ErrorCode.TOKEN_ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void keysFromAJwksUrlAreFetchedAndSelectedByKeyId() throws Exception {
        ECKey current = new ECKeyGenerator(Curve.P_256).keyID("k2").generate();
        ECKey retired = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        String jwks = new JWKSet(List.of(retired.toPublicJWK(), current.toPublicJWK())).toString();
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/jwks.json", exchange -> {
            byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        http.start();
        try {
            String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/jwks.json";
            var tenants = new Tenants(List.of(tenant("jw", "https://jw.test", new TenantConfig.KeysConfig(null, null, url))));
            var verifier = new TokenVerifier(tenants, TOKENS, CLOCK);
            String token = sign(JWSAlgorithm.ES256, new ECDSASigner(current), claims("https://jw.test").build(), "k2");
            assertThat(verifier.verifyJoin(token).principal().tenantId()).isEqualTo("jw");
            ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("k2").generate();
            String forged = sign(JWSAlgorithm.ES256, new ECDSASigner(stranger), claims("https://jw.test").build(), "k2");
            assertThat(catchThrowableOfType(SamtalException.class, () -> verifier.verifyJoin(forged)).code())
                    .isEqualTo(ErrorCode.TOKEN_INVALID);
        } finally {
            http.stop(0);
        }
    }

    @Test
    void timesAreCheckedWithTheConfiguredSkew() throws Exception {
        var tenants = new Tenants(List.of(tenant("hs", "https://hs.test", new TenantConfig.KeysConfig(List.of(HS_SECRET), null, null))));
        var verifier = new TokenVerifier(tenants, TOKENS, CLOCK);
        var signer = new MACSigner(HS_SECRET);
        var justExpired = claims("https://hs.test").issueTime(Date.from(NOW.minusSeconds(600)))
                .expirationTime(Date.from(NOW.minusSeconds(10))).build();
        assertThat(verifier.verifyJoin(sign(JWSAlgorithm.HS256, signer, justExpired, null))).as("within 30 s skew").isNotNull();
        var expired = claims("https://hs.test").issueTime(Date.from(NOW.minusSeconds(600)))
                .expirationTime(Date.from(NOW.minusSeconds(31))).build();
        assertThat(catchThrowableOfType(SamtalException.class, () -> verifier.verifyJoin(sign(JWSAlgorithm.HS256, signer, expired, null)))
                .code()).isEqualTo(ErrorCode.TOKEN_EXPIRED);
        var noExpiry = claims("https://hs.test").expirationTime(null).build();
        assertThat(catchThrowableOfType(SamtalException.class, () -> verifier.verifyJoin(sign(JWSAlgorithm.HS256, signer, noExpiry, null)))
                .code()).isEqualTo(ErrorCode.TOKEN_CLAIMS_INVALID);
        var tooLong = claims("https://hs.test").expirationTime(Date.from(NOW.plus(Duration.ofHours(3)))).build();
        assertThat(catchThrowableOfType(SamtalException.class, () -> verifier.verifyJoin(sign(JWSAlgorithm.HS256, signer, tooLong, null)))
                .code()).isEqualTo(ErrorCode.TOKEN_LIFETIME_TOO_LONG);
    }

    @Test
    void mintedJoinAndResumeTokensVerifyAndCarryTheirTenant() {
        var tenants = new Tenants(List.of(tenant("hs", "https://hs.test", new TenantConfig.KeysConfig(List.of(HS_SECRET), null, null))));
        var verifier = new TokenVerifier(tenants, TOKENS, CLOCK);
        var minter = new TokenMinter(TOKENS, CLOCK);
        var principal = new Principal("hs", "person-1", Role.THERAPIST, "Tove");
        var join = verifier.verifyJoin(minter.joinToken(principal, "s_1", Duration.ofMinutes(30)).token());
        assertThat(join.principal()).isEqualTo(principal);
        assertThat(join.isResume()).isFalse();
        var resume = verifier.verifyResume(minter.resumeToken(principal, "s_1", "p_1", "st_1").token());
        assertThat(resume.resume()).isEqualTo(new JoinGrant.Resume("p_1", "st_1"));
        assertThat(resume.principal()).isEqualTo(principal);
    }

    @Test
    void namesWithControlCharactersAndOverlongRefsAreRefused() throws Exception {
        var tenants = new Tenants(List.of(tenant("hs", "https://hs.test", new TenantConfig.KeysConfig(List.of(HS_SECRET), null, null))));
        var verifier = new TokenVerifier(tenants, TOKENS, CLOCK);
        var signer = new MACSigner(HS_SECRET);
        var control = claims("https://hs.test").claim("name", "Alex\u0000<script>").build();
        assertThat(catchThrowableOfType(SamtalException.class, () -> verifier.verifyJoin(sign(JWSAlgorithm.HS256, signer, control, null)))
                .code()).isEqualTo(ErrorCode.TOKEN_CLAIMS_INVALID);
        var longRef = claims("https://hs.test").subject("x".repeat(129)).build();
        assertThat(catchThrowableOfType(SamtalException.class, () -> verifier.verifyJoin(sign(JWSAlgorithm.HS256, signer, longRef, null)))
                .code()).isEqualTo(ErrorCode.TOKEN_CLAIMS_INVALID);
    }

    @Test
    void aTokenOpensEitherASessionOrAConversationAndEachKindOfResumeTokenOnlyItsOwn() throws Exception {
        var tenants = new Tenants(List.of(tenant("hs", "https://hs.test", new TenantConfig.KeysConfig(List.of(HS_SECRET), null, null))));
        var verifier = new TokenVerifier(tenants, TOKENS, CLOCK);
        var signer = new MACSigner(HS_SECRET);
        var conversation = claims("https://hs.test").claim("session", null).claim("conversation", "cv_1").build();

        var grant = verifier.verifyLink(sign(JWSAlgorithm.HS256, signer, conversation, null));
        assertThat(grant).isInstanceOfSatisfying(ConversationGrant.class, g -> {
            assertThat(g.conversationId()).isEqualTo("cv_1");
            assertThat(g.principal().ref()).isEqualTo("person-17");
            assertThat(g.isResume()).isFalse();
        });
        assertThat(verifier.verifyLink(sign(JWSAlgorithm.HS256, signer, claims("https://hs.test").build(), null)))
                .isInstanceOf(JoinGrant.class);
        var both = claims("https://hs.test").claim("conversation", "cv_1").build();
        assertThat(catchThrowableOfType(SamtalException.class, () -> verifier.verifyLink(sign(JWSAlgorithm.HS256, signer, both, null)))
                .code()).isEqualTo(ErrorCode.TOKEN_CLAIMS_INVALID);
        assertThat(catchThrowableOfType(SamtalException.class,
                () -> verifier.verifyJoin(sign(JWSAlgorithm.HS256, signer, conversation, null))).code())
                .as("a session's join needs a session").isEqualTo(ErrorCode.TOKEN_CLAIMS_INVALID);

        var minter = new TokenMinter(TOKENS, CLOCK);
        var principal = new Principal("hs", "person-1", Role.PATIENT, "Pim");
        assertThat(verifier.verifyLink(minter.conversationToken(principal, "cv_1", Duration.ofMinutes(30)).token()))
                .isInstanceOf(ConversationGrant.class);
        String resume = minter.conversationResumeToken(principal, "cv_1", "m_1").token();
        assertThat(verifier.verifyAnyResume(resume)).isInstanceOfSatisfying(ConversationGrant.class,
                g -> assertThat(g.resumeMemberId()).isEqualTo("m_1"));
        assertThat(catchThrowableOfType(SamtalException.class, () -> verifier.verifyResume(resume)).code())
                .isEqualTo(ErrorCode.TOKEN_INVALID);
        assertThat(catchThrowableOfType(SamtalException.class, () -> verifier.verifyLink(resume)).code())
                .as("a resume token is not a link").isEqualTo(ErrorCode.TOKEN_CLAIMS_INVALID);
    }

    @Test
    void guardianConsentClaimsAreReadCheckedAndCarriedIntoResumeTokens() throws Exception {
        var tenants = new Tenants(List.of(tenant("hs", "https://hs.test", new TenantConfig.KeysConfig(List.of(HS_SECRET), null, null))));
        var verifier = new TokenVerifier(tenants, TOKENS, CLOCK);
        var signer = new MACSigner(HS_SECRET);

        var minor = verifier.verifyJoin(sign(JWSAlgorithm.HS256, signer,
                claims("https://hs.test").claim("guardianConsentRequired", true).claim("age", 12).build(), null));
        assertThat(minor.principal().guardian()).isEqualTo(new GuardianClaims(true, 12));
        var resumed = verifier.verifyResume(new TokenMinter(TOKENS, CLOCK).resumeToken(minor.principal(), "s_abc", "p_1", "st_1").token());
        assertThat(resumed.principal().guardian()).as("a reconnect keeps what the platform said").isEqualTo(new GuardianClaims(true, 12));
        assertThat(verifier.verifyJoin(sign(JWSAlgorithm.HS256, signer, claims("https://hs.test").build(), null)).principal().guardian())
                .isEqualTo(GuardianClaims.NONE);

        for (var bad : List.of(claims("https://hs.test").claim("guardianConsentRequired", "yes"),
                claims("https://hs.test").claim("age", 12.5), claims("https://hs.test").claim("age", -1),
                claims("https://hs.test").claim("age", 151), claims("https://hs.test").claim("age", "12"))) {
            String token = sign(JWSAlgorithm.HS256, signer, bad.build(), null);
            assertThat(catchThrowableOfType(SamtalException.class, () -> verifier.verifyJoin(token)).code())
                    .isEqualTo(ErrorCode.TOKEN_CLAIMS_INVALID);
        }
    }

    @Test
    void aTokenWhoseHeaderIsJsonNullIsInvalidNotAnInternalError() {
        // Found by the tokens fuzz target: nimbus throws a NullPointerException for it.
        var b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        var verifier = new TokenVerifier(new se.samtal.server.tenant.Tenants(java.util.List.of(
                tenant("region-x", "https://platform.example", new TenantConfig.KeysConfig(java.util.List.of(HS_SECRET), null, null)))),
                TOKENS, CLOCK);
        for (String header : new String[]{"null", "[]", "\"x\"", "7"}) {
            String token = b64.encodeToString(header.getBytes()) + "." + b64.encodeToString("{}".getBytes()) + ".c2ln";
            var refused = org.assertj.core.api.Assertions.catchThrowableOfType(se.samtal.protocol.SamtalException.class,
                    () -> verifier.verifyLink(token));
            org.assertj.core.api.Assertions.assertThat(refused.code()).as(header).isEqualTo(se.samtal.protocol.ErrorCode.TOKEN_INVALID);
            refused = org.assertj.core.api.Assertions.catchThrowableOfType(se.samtal.protocol.SamtalException.class,
                    () -> verifier.verifyAnyResume(token));
            org.assertj.core.api.Assertions.assertThat(refused.code()).as(header).isEqualTo(se.samtal.protocol.ErrorCode.TOKEN_INVALID);
        }
    }
}
