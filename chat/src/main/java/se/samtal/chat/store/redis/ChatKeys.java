package se.samtal.chat.store.redis;

/**
 * Names of chat's keys. Everything of one tenant shares the hash tag {@code {<tenant>}}, so it
 * sits in one hash slot (one shard of a Redis Cluster) and every script is atomic over it. Key
 * names hold ids only (tenant, conversation, session, member); person refs, names and texts are
 * in values.
 *
 * @param prefix what every key starts with ({@code redis.keyPrefix}, default {@code samtal})
 */
record ChatKeys(String prefix) {

    /** {@code <prefix>:{<tenant>}:}: the start of every key of the tenant. */
    String tenant(String tenantId) {
        return prefix + ":{" + tenantId + "}:";
    }

    /** The key scripts are routed by (any key of the tenant's slot would do). */
    String anchor(String tenantId) {
        return tenant(tenantId) + "cv:bysession";
    }

    String conversation(String tenantId, String conversationId) {
        return tenant(tenantId) + "cv:" + conversationId;
    }

    String members(String tenantId, String conversationId) {
        return conversation(tenantId, conversationId) + ":members";
    }

    String refs(String tenantId, String conversationId) {
        return conversation(tenantId, conversationId) + ":refs";
    }

    String messages(String tenantId, String conversationId) {
        return conversation(tenantId, conversationId) + ":msgs";
    }
}
