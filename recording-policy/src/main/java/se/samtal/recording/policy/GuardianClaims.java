package se.samtal.recording.policy;

/**
 * What the platform says about a person that decides whether a guardian must also agree.
 *
 * @param guardianConsentRequired the platform's own judgement, if it made one; it wins over age
 * @param age                     the person's age in whole years, if the platform sent it
 */
public record GuardianClaims(Boolean guardianConsentRequired, Integer age) {
    public static final GuardianClaims NONE = new GuardianClaims(null, null);

    public GuardianClaims {
        if (age != null && (age < 0 || age > 150)) {
            throw new IllegalArgumentException("age must be between 0 and 150");
        }
    }
}
