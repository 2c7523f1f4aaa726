package se.samtal.recording.policy;

/**
 * When a guardian's consent is needed besides the person's own.
 *
 * @param forMinors whether people under {@code adultAge} (by the platform's {@code age} claim)
 *                  need a guardian's yes
 * @param adultAge  the age from which people answer for themselves alone
 */
public record GuardianRule(boolean forMinors, int adultAge) {
    /** Minors under 18 need a guardian's yes as well as their own. */
    public static final GuardianRule DEFAULT = new GuardianRule(true, 18);

    public GuardianRule {
        if (adultAge < 1 || adultAge > 25) {
            throw new IllegalArgumentException("adultAge must be between 1 and 25");
        }
    }

    /**
     * Whether this person needs a guardian's yes. The platform's explicit
     * {@code guardianConsentRequired} decides when present (it knows the person); otherwise their
     * age does, if the tenant asks for guardians of minors.
     */
    public boolean needsGuardian(GuardianClaims claims) {
        if (claims.guardianConsentRequired() != null) {
            return claims.guardianConsentRequired();
        }
        return forMinors && claims.age() != null && claims.age() < adultAge;
    }
}
