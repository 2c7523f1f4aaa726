package se.samtal.chat.expectation;

import java.util.Map;
import java.util.Set;

/** Every tenant's chat policy, by tenant id. */
public final class ChatPolicies {
    private final Map<String, ChatPolicy> byTenant;

    public ChatPolicies(Map<String, ChatPolicy> byTenant) {
        this.byTenant = Map.copyOf(byTenant);
    }

    /** The tenant's policy; a tenant unknown here is a programming error. */
    public ChatPolicy of(String tenantId) {
        ChatPolicy policy = byTenant.get(tenantId);
        if (policy == null) {
            throw new IllegalArgumentException("no chat policy for tenant " + tenantId);
        }
        return policy;
    }

    public Set<String> tenants() {
        return byTenant.keySet();
    }
}
