package se.samtal.server.tenant;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import se.samtal.server.config.ConfigException;
import se.samtal.server.config.TenantConfig;

import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The keys that verify a tenant's tokens, and the algorithms they allow. Only HS256, RS256 and
 * ES256 are ever allowed, and only those the configured keys can verify: a tenant with an HS256
 * secret alone never accepts an RS256 token, and {@code none} is never accepted.
 */
public final class TenantKeys {
    private final JWKSource<SecurityContext> source;
    private final Set<JWSAlgorithm> algorithms;

    private TenantKeys(JWKSource<SecurityContext> source, Set<JWSAlgorithm> algorithms) {
        this.source = source;
        this.algorithms = Set.copyOf(algorithms);
    }

    public static TenantKeys from(String configKey, TenantConfig.KeysConfig config) {
        var keys = new ArrayList<JWK>();
        var algorithms = new LinkedHashSet<JWSAlgorithm>();
        for (String secret : config.hs256Secrets()) {
            keys.add(new OctetSequenceKey.Builder(secret.getBytes(StandardCharsets.UTF_8))
                    .algorithm(JWSAlgorithm.HS256).build());
            algorithms.add(JWSAlgorithm.HS256);
        }
        for (int i = 0; i < config.publicKeys().size(); i++) {
            JWK key = parsePem(configKey + ".publicKeys[" + i + "]", config.publicKeys().get(i));
            keys.add(key);
            algorithms.add(key instanceof RSAKey ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256);
        }
        JWKSource<SecurityContext> local = (selector, context) -> selector.select(new JWKSet(keys));
        JWKSource<SecurityContext> source = local;
        if (config.jwksUrl() != null) {
            JWKSource<SecurityContext> remote;
            try {
                remote = JWKSourceBuilder.<SecurityContext>create(URI.create(config.jwksUrl()).toURL())
                        .retrying(true)
                        .build();
            } catch (MalformedURLException e) {
                throw new ConfigException(configKey + ".jwksUrl: is not a valid URL");
            }
            source = combined(local, remote);
            algorithms.add(JWSAlgorithm.RS256);
            algorithms.add(JWSAlgorithm.ES256);
        }
        return new TenantKeys(source, algorithms);
    }

    private static JWKSource<SecurityContext> combined(JWKSource<SecurityContext> first, JWKSource<SecurityContext> second) {
        return (JWKSelector selector, SecurityContext context) -> {
            List<JWK> found = new ArrayList<>(first.get(selector, context));
            found.addAll(second.get(selector, context));
            return found;
        };
    }

    /** Reads a PEM SubjectPublicKeyInfo with the JDK's own key factories. */
    private static JWK parsePem(String key, String pem) {
        PublicKey publicKey;
        try {
            String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
            var spec = new X509EncodedKeySpec(Base64.getDecoder().decode(base64));
            publicKey = readKey("RSA", spec);
            if (publicKey == null) {
                publicKey = readKey("EC", spec);
            }
        } catch (IllegalArgumentException e) {
            publicKey = null;
        }
        if (publicKey instanceof RSAPublicKey rsa) {
            if (rsa.getModulus().bitLength() < 2048) {
                throw new ConfigException(key + ": RSA keys must have at least 2048 bits");
            }
            return new RSAKey.Builder(rsa).algorithm(JWSAlgorithm.RS256).build();
        }
        if (publicKey instanceof ECPublicKey ec && Curve.P_256.equals(Curve.forECParameterSpec(ec.getParams()))) {
            return new ECKey.Builder(Curve.P_256, ec).algorithm(JWSAlgorithm.ES256).build();
        }
        if (publicKey != null) {
            throw new ConfigException(key + ": must be an RSA (RS256) or P-256 EC (ES256) public key");
        }
        throw new ConfigException(key + ": cannot be read as a PEM public key");
    }

    private static PublicKey readKey(String algorithm, X509EncodedKeySpec spec) {
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(spec);
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    public JWKSource<SecurityContext> source() {
        return source;
    }

    /** The JWS algorithms this tenant's tokens may use. */
    public Set<JWSAlgorithm> algorithms() {
        return algorithms;
    }
}
