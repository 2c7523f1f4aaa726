package se.samtal.chat.store.redis;

import se.samtal.redis.KeySpace;

/**
 * Names of chat's keys, all in the tenant's hash slot (see {@link KeySpace}). Key names hold ids
 * only (tenant, conversation, session, member); person refs, names and texts are in values. The
 * scripts' own keys are listed in {@code lib.lua}.
 */
record ChatKeys(KeySpace space) {

    ChatKeys(String prefix) {
        this(new KeySpace(prefix));
    }

    String tenant(String tenantId) {
        return space.tenant(tenantId);
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
