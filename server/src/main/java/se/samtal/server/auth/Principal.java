package se.samtal.server.auth;

import se.samtal.protocol.Role;

/**
 * A person as a verified token describes them.
 *
 * @param tenantId the tenant whose platform vouched for them
 * @param ref      the platform's opaque, pseudonymous reference for the person ({@code sub});
 *                 never logged, never sent to other participants
 * @param name     display name; shown to others in the session, never logged
 */
public record Principal(String tenantId, String ref, Role role, String name) {

    /** The key rate limits and device rules are counted under: one person in one tenant. */
    public String key() {
        return tenantId + '\u0000' + ref;
    }
}
