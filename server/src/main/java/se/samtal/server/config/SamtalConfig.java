package se.samtal.server.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything the server is configured with. Built by {@link ConfigLoader} from a YAML file and
 * {@code SAMTAL_*} environment overrides; every default is named in {@code docs/operations.md}.
 *
 * @param demo      true when started without a configuration file: a demo tenant and {@code /demo}
 * @param recording recording settings shared by every tenant (each tenant's own are in {@code tenants[].recording})
 * @param redis     cluster mode, when its URL is set
 * @param videobridge the video bridges calls of three or more go through
 * @param auth      limits on failed authentication and how repeated failures are audited
 */
public record SamtalConfig(Boolean demo, HttpConfig http, Path dataDir, GatewayConfig gateway,
                           PresenceConfig presence, TokensConfig tokens, WebhooksConfig webhooks,
                           ShutdownConfig shutdown, List<TenantConfig> tenants, ChatConfig chat,
                           RecordingConfig recording, AuditConfig audit, RedisConfig redis, VideobridgeConfig videobridge,
                           AuthConfig auth) {

    public SamtalConfig {
        demo = demo != null && demo;
        http = http != null ? http : HttpConfig.defaults();
        dataDir = dataDir != null ? dataDir : Path.of("data");
        gateway = gateway != null ? gateway : GatewayConfig.defaults();
        presence = presence != null ? presence : new PresenceConfig(null, null);
        tokens = tokens != null ? tokens : new TokensConfig(null, null, null, null, null);
        webhooks = webhooks != null ? webhooks : new WebhooksConfig(null, null, null, null, null);
        shutdown = shutdown != null ? shutdown : new ShutdownConfig(null);
        tenants = tenants != null ? List.copyOf(tenants) : List.of();
        chat = chat != null ? chat : ChatConfig.defaults();
        recording = recording != null ? recording : RecordingConfig.defaults();
        audit = audit != null ? audit : AuditConfig.defaults();
        redis = redis != null ? redis : RedisConfig.defaults();
        videobridge = videobridge != null ? videobridge : VideobridgeConfig.defaults();
        auth = auth != null ? auth : AuthConfig.defaults();
        // In cluster mode the audit trail is shared like everything else: on the cluster's Redis
        // unless audit.redisUrl names another (it must, if the cluster's is Sentinel or Cluster).
        if (audit.redisUrl() == null && redis.enabled() && redis.url().matches("(?i)rediss?://.*")) {
            audit = audit.onRedis(redis.standaloneUrlWithPassword());
        }
    }

    public boolean isDemo() {
        return demo;
    }

    /** Checks every value and throws one {@link ConfigException} that lists all problems. */
    public SamtalConfig validated() {
        var problems = new Problems();
        http.validate(problems);
        gateway.validate(problems);
        presence.validate(problems);
        tokens.validate(problems);
        webhooks.validate(problems);
        shutdown.validate(problems);
        chat.validate(problems);
        recording.validate(problems);
        audit.validate(problems);
        redis.validate(problems);
        videobridge.validate(problems);
        auth.validate(problems);
        problems.require(!redis.enabled() || audit.redisUrl() != null, "audit.redisUrl",
                "is required in cluster mode when redis.url is a Sentinel or Cluster URL: every node must write one shared audit trail");
        if (tenants.isEmpty()) {
            problems.add("tenants", "at least one tenant is required");
        }
        var ids = new java.util.HashSet<String>();
        var entries = new java.util.HashSet<String>();
        var issuers = new java.util.HashSet<String>();
        for (int i = 0; i < tenants.size(); i++) {
            String key = "tenants[" + i + "]";
            TenantConfig tenant = tenants.get(i);
            if (tenant == null) {
                problems.add(key, "is empty");
                continue;
            }
            tenant.validate(key, problems);
            if (tenant.id() != null && !ids.add(tenant.id())) {
                problems.add(key + ".id", "duplicates another tenant's id");
            }
            for (var entry : tenant.dropIn().entries()) {
                if (entry != null && entry.id() != null && !entries.add(entry.id())) {
                    problems.add(key + ".dropIn.entries", "'" + entry.id() + "' is another entry's id: /drop-in/<id> must name one entry");
                }
            }
            if (tenant.issuer() != null && !issuers.add(tenant.issuer())) {
                problems.add(key + ".issuer", "duplicates another tenant's issuer");
            }
            if (tenant.issuer() != null && tenant.issuer().equals(tokens.issuer())) {
                problems.add(key + ".issuer", "must differ from tokens.issuer, which samtal uses for the links it mints");
            }
        }
        problems.throwIfAny();
        return this;
    }
}
