package se.samtal.server.config;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A tenant: a region or a private care provider, isolated from every other.
 *
 * @param issuer           {@code iss} of the join tokens this tenant's platform signs
 * @param audience         if set, tokens must carry it in {@code aud}
 * @param maxTokenLifetime longest {@code exp − iat} (or {@code exp − nbf}) accepted
 * @param singleUseTokens  each {@code jti} may open one connection only
 * @param ice              STUN/TURN servers for the tenant's calls
 * @param chat             what the provider decides about chat: retention, expectations, urgent help
 * @param recording        whether and how sessions may be recorded (disabled by default)
 * @param audit            what the provider decides about its audit trail: retention
 * @param dropIn           anonymous drop-in chat: its entries (public pages) and retention
 */
public record TenantConfig(String id, String name, String issuer, String audience, KeysConfig keys,
                           Duration maxTokenLifetime, Boolean singleUseTokens, List<ApiKeyConfig> apiKeys,
                           WebhookTargetConfig webhook, PolicyConfig policy, IceServersConfig ice, TenantChatConfig chat,
                           TenantRecordingConfig recording, TenantAuditConfig audit, TenantDropInConfig dropIn) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public TenantConfig {
        name = name != null ? name : id;
        keys = keys != null ? keys : new KeysConfig(null, null, null);
        maxTokenLifetime = maxTokenLifetime != null ? maxTokenLifetime : Duration.ofHours(24);
        singleUseTokens = singleUseTokens != null && singleUseTokens;
        apiKeys = apiKeys != null ? List.copyOf(apiKeys) : List.of();
        policy = policy != null ? policy : PolicyConfig.defaults();
        ice = ice != null ? ice : IceServersConfig.none();
        chat = chat != null ? chat : TenantChatConfig.defaults();
        recording = recording != null ? recording : TenantRecordingConfig.defaults();
        audit = audit != null ? audit : TenantAuditConfig.defaults();
        dropIn = dropIn != null ? dropIn : TenantDropInConfig.defaults();
    }

    /** A tenant without drop-in entries. */
    public TenantConfig(String id, String name, String issuer, String audience, KeysConfig keys, Duration maxTokenLifetime,
                        Boolean singleUseTokens, List<ApiKeyConfig> apiKeys, WebhookTargetConfig webhook, PolicyConfig policy,
                        IceServersConfig ice, TenantChatConfig chat, TenantRecordingConfig recording, TenantAuditConfig audit) {
        this(id, name, issuer, audience, keys, maxTokenLifetime, singleUseTokens, apiKeys, webhook, policy, ice, chat, recording,
                audit, null);
    }

    /** A tenant without ICE, chat, recording or audit settings (they all take their defaults). */
    public TenantConfig(String id, String name, String issuer, String audience, KeysConfig keys, Duration maxTokenLifetime,
                        Boolean singleUseTokens, List<ApiKeyConfig> apiKeys, WebhookTargetConfig webhook, PolicyConfig policy) {
        this(id, name, issuer, audience, keys, maxTokenLifetime, singleUseTokens, apiKeys, webhook, policy, null, null, null, null,
                null);
    }

    /** Verification keys for tokens the tenant's platform signs. At least one kind is needed. */
    public record KeysConfig(List<String> hs256Secrets, List<String> publicKeys, String jwksUrl) {
        public KeysConfig {
            hs256Secrets = hs256Secrets != null ? List.copyOf(hs256Secrets) : List.of();
            publicKeys = publicKeys != null ? List.copyOf(publicKeys) : List.of();
        }
    }

    /** A platform API credential, stored as the SHA-256 (hex) of the key, never the key itself. */
    public record ApiKeyConfig(String id, String sha256) {
    }

    /** Where the tenant's platform receives webhooks, and the secret they are signed with. */
    public record WebhookTargetConfig(String url, String secret) {
    }

    void validate(String key, Problems problems) {
        problems.require(id != null && ID.matcher(id).matches(), key + ".id",
                "is required: 1–40 lower-case letters, digits and dashes");
        problems.require(issuer != null && !issuer.isBlank(), key + ".issuer", "is required");
        if (keys.hs256Secrets().isEmpty() && keys.publicKeys().isEmpty() && keys.jwksUrl() == null) {
            problems.add(key + ".keys", "needs hs256Secrets, publicKeys or jwksUrl to verify the tenant's tokens");
        }
        for (int i = 0; i < keys.hs256Secrets().size(); i++) {
            String secret = keys.hs256Secrets().get(i);
            problems.require(secret != null && secret.getBytes(StandardCharsets.UTF_8).length >= 32,
                    key + ".keys.hs256Secrets[" + i + "]", "must be at least 32 bytes");
        }
        for (int i = 0; i < keys.publicKeys().size(); i++) {
            String pem = keys.publicKeys().get(i);
            problems.require(pem != null && pem.contains("BEGIN PUBLIC KEY"), key + ".keys.publicKeys[" + i + "]",
                    "must be a PEM public key (-----BEGIN PUBLIC KEY-----)");
        }
        problems.webUrl(keys.jwksUrl(), key + ".keys.jwksUrl");
        problems.require(maxTokenLifetime.compareTo(Duration.ofMinutes(1)) >= 0
                        && maxTokenLifetime.compareTo(Duration.ofDays(31)) <= 0,
                key + ".maxTokenLifetime", "must be between 1m and 31d");
        for (int i = 0; i < apiKeys.size(); i++) {
            ApiKeyConfig apiKey = apiKeys.get(i);
            String k = key + ".apiKeys[" + i + "]";
            problems.require(apiKey != null && apiKey.id() != null && !apiKey.id().isBlank(), k + ".id", "is required");
            problems.require(apiKey != null && apiKey.sha256() != null && SHA256_HEX.matcher(apiKey.sha256()).matches(),
                    k + ".sha256", "must be the lower-case hex SHA-256 of the key (bin/samtal apikey makes one)");
        }
        if (webhook != null) {
            problems.require(webhook.url() != null, key + ".webhook.url", "is required when webhook is set");
            problems.webUrl(webhook.url(), key + ".webhook.url");
            problems.require(webhook.secret() != null && webhook.secret().getBytes(StandardCharsets.UTF_8).length >= 32,
                    key + ".webhook.secret", "is required and must be at least 32 bytes");
        }
        policy.validate(key + ".policy", problems);
        ice.validate(key + ".ice", problems);
        chat.validate(key + ".chat", problems);
        recording.validate(key + ".recording", problems);
        audit.validate(key + ".audit", problems, chat.retentionDays());
        dropIn.validate(key + ".dropIn", problems);
    }
}
