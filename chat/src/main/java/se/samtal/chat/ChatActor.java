package se.samtal.chat;

import se.samtal.protocol.Role;

/**
 * The person behind a chat request, as their verified token says.
 *
 * @param ref  the platform's opaque reference for the person; never logged, never sent to clients
 * @param name display name as the token gives it (session chat); care conversations use the
 *             name the platform gave the member
 */
public record ChatActor(String tenantId, String ref, Role role, String name) {

    /** The key rates are counted under: one person in one tenant. */
    public String key() {
        return tenantId + '\u0000' + ref;
    }
}
