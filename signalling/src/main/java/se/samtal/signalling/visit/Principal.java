package se.samtal.signalling.visit;

import se.samtal.protocol.Role;
import se.samtal.recording.policy.GuardianClaims;

/**
 * A person as a verified token describes them: who vouched for someone in a live session, a care
 * conversation or a request.
 *
 * @param tenantId the tenant whose platform vouched for them
 * @param ref      the platform's opaque, pseudonymous reference for the person ({@code sub});
 *                 never logged, never sent to other participants
 * @param name     display name; shown to others in the session, never logged
 * @param guardian what the platform said about the person's age or need for a guardian's
 *                 consent to recording ({@code guardianConsentRequired}, {@code age}); never logged
 */
public record Principal(String tenantId, String ref, Role role, String name, GuardianClaims guardian) {

    public Principal {
        guardian = guardian != null ? guardian : GuardianClaims.NONE;
    }

    /** A person about whom the platform said nothing of age or guardians. */
    public Principal(String tenantId, String ref, Role role, String name) {
        this(tenantId, ref, role, name, GuardianClaims.NONE);
    }

    /** The key rate limits and device rules are counted under: one person in one tenant. */
    public String key() {
        return tenantId + '\u0000' + ref;
    }
}
