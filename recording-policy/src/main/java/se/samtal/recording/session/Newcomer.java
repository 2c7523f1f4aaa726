package se.samtal.recording.session;

import se.samtal.recording.policy.GuardianClaims;

/**
 * Someone the recording rules should know about before they first turn up.
 *
 * @param role   the role's wire name ({@code therapist}, {@code patient}, {@code guardian}, …)
 * @param claims what the platform said about their age or need for a guardian's consent
 */
public record Newcomer(String id, String role, GuardianClaims claims) {
}
