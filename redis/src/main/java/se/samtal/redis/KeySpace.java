package se.samtal.redis;

import java.util.regex.Pattern;

/**
 * How samtal names its keys. Every key starts with a prefix ({@code redis.keyPrefix}, so several
 * deployments can share one Redis). A tenant's keys carry the hash tag {@code {<tenant>}}, so they
 * all sit in one hash slot (one shard of a Redis Cluster): scripts are atomic over everything of
 * one tenant, and tenants spread over the shards. The few keys that belong to no tenant (the
 * nodes of the cluster) share the tag {@code {nodes}}. Key names hold ids only; whatever is
 * personal (a person ref, a name, a text) is in values.
 */
public record KeySpace(String prefix) {
    private static final Pattern TENANT = Pattern.compile("[a-z0-9-]{1,40}");

    public KeySpace {
        if (prefix == null || prefix.isEmpty() || prefix.contains("{") || prefix.contains("}")) {
            throw new IllegalArgumentException("a key prefix must be non-empty and hold no braces");
        }
    }

    /** {@code <prefix>:{<tenant>}:}, the start of each of the tenant's keys. */
    public String tenant(String tenantId) {
        if (!TENANT.matcher(tenantId).matches()) {
            throw new IllegalArgumentException("not a tenant id");
        }
        return prefix + ":{" + tenantId + "}:";
    }

    /** {@code <prefix>:{nodes}:<name>}, a key about the cluster's nodes. */
    public String nodes(String name) {
        return prefix + ":{nodes}:" + name;
    }
}
