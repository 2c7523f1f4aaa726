package se.samtal.server.tenant;

import com.nimbusds.jose.JOSEException;
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
import java.util.ArrayList;
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

    private static JWK parsePem(String key, String pem) {
        try {
            JWK jwk = JWK.parseFromPEMEncodedObjects(pem);
            if (jwk instanceof RSAKey rsa) {
                if (rsa.size() < 2048) {
                    throw new ConfigException(key + ": RSA keys must have at least 2048 bits");
                }
                return rsa;
            }
            if (jwk instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
                return ec;
            }
            throw new ConfigException(key + ": must be an RSA (RS256) or P-256 EC (ES256) public key");
        } catch (JOSEException | RuntimeException e) {
            if (e instanceof ConfigException ce) {
                throw ce;
            }
            throw new ConfigException(key + ": cannot be read as a PEM public key");
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
