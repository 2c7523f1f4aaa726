package se.samtal.server.tenant;

import se.samtal.server.config.PolicyConfig;
import se.samtal.server.config.TenantChatConfig;
import se.samtal.server.config.TenantConfig;

import java.time.Duration;
import java.util.Optional;

/** A region or care provider using samtal, with what verifies its tokens and the rules it set. */
public final class Tenant {
    private final TenantConfig config;
    private final TenantKeys keys;

    public Tenant(TenantConfig config, TenantKeys keys) {
        this.config = config;
        this.keys = keys;
    }

    public String id() {
        return config.id();
    }

    public String name() {
        return config.name();
    }

    public String issuer() {
        return config.issuer();
    }

    /** The audience its tokens must carry, if it set one. */
    public Optional<String> audience() {
        return Optional.ofNullable(config.audience());
    }

    public TenantKeys keys() {
        return keys;
    }

    public Duration maxTokenLifetime() {
        return config.maxTokenLifetime();
    }

    public boolean singleUseTokens() {
        return config.singleUseTokens();
    }

    public PolicyConfig policy() {
        return config.policy();
    }

    /** The tenant's STUN/TURN servers (none configured: an empty list in welcome, browsers use host candidates only). */
    public se.samtal.signalling.ice.IceConfig ice() {
        return config.ice().toIceConfig();
    }

    /** What the provider decides about chat: retention, staffed hours, reply time, urgent help. */
    public TenantChatConfig chat() {
        return config.chat();
    }

    /** Whether and how the tenant's sessions may be recorded. */
    public se.samtal.server.config.TenantRecordingConfig recording() {
        return config.recording();
    }

    /** What the provider decides about its audit trail: retention. */
    public se.samtal.server.config.TenantAuditConfig audit() {
        return config.audit();
    }

    /** The provider's anonymous drop-in doors and how long their conversations are kept. */
    public se.samtal.server.config.TenantDropInConfig dropIn() {
        return config.dropIn();
    }

    public Optional<TenantConfig.WebhookTargetConfig> webhook() {
        return Optional.ofNullable(config.webhook());
    }

    @Override
    public String toString() {
        return "Tenant[" + id() + "]";
    }
}
