package se.samtal.signalling.live;

/** A live session, named with its tenant: ids are unique per tenant only. */
public record SessionKey(String tenantId, String sessionId) {
}
