package se.samtal.server.tenant;

import se.samtal.server.config.TenantConfig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every configured tenant, found by id, by token issuer, or by API credential. */
public final class Tenants {
    private final Map<String, Tenant> byId = new LinkedHashMap<>();
    private final Map<String, Tenant> byIssuer = new LinkedHashMap<>();
    private final Map<String, ApiCaller> byApiKeyHash = new LinkedHashMap<>();

    public Tenants(List<TenantConfig> configs) {
        for (int i = 0; i < configs.size(); i++) {
            TenantConfig config = configs.get(i);
            var tenant = new Tenant(config, TenantKeys.from("tenants[" + i + "].keys", config.keys()));
            byId.put(tenant.id(), tenant);
            byIssuer.put(tenant.issuer(), tenant);
            for (var apiKey : config.apiKeys()) {
                byApiKeyHash.put(apiKey.sha256(), new ApiCaller(tenant, apiKey.id()));
            }
        }
    }

    public Optional<Tenant> byId(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    public Optional<Tenant> byIssuer(String issuer) {
        return Optional.ofNullable(issuer == null ? null : byIssuer.get(issuer));
    }

    /**
     * The caller a presented API key belongs to. Keys are high-entropy random strings, so a
     * plain SHA-256 is a sound way to store them; the lookup is by hash and reveals nothing of
     * other keys.
     */
    public Optional<ApiCaller> byApiKey(String presentedKey) {
        if (presentedKey == null || presentedKey.isEmpty() || presentedKey.length() > 512) {
            return Optional.empty();
        }
        return Optional.ofNullable(byApiKeyHash.get(sha256Hex(presentedKey)));
    }

    public Collection<Tenant> all() {
        return byId.values();
    }

    /** The lower-case hex SHA-256 of an API key, as stored in configuration. */
    public static String sha256Hex(String key) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
