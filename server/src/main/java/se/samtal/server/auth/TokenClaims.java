package se.samtal.server.auth;

/** Claim names and audiences of samtal's tokens. Documented in docs/platform-api.md. */
public final class TokenClaims {
    /** The session a join token opens. */
    public static final String SESSION = "session";
    /** The care conversation a join token opens (instead of a session). */
    public static final String CONVERSATION = "conversation";
    /** Display name. */
    public static final String NAME = "name";
    /** One of the {@link se.samtal.protocol.Role} wire names. */
    public static final String ROLE = "role";
    /** Optional boolean: the person needs a guardian's consent to be recorded (wins over {@link #AGE}). */
    public static final String GUARDIAN_CONSENT_REQUIRED = "guardianConsentRequired";
    /** Optional whole number 0–150: the person's age, for the tenant's guardian-consent rule. */
    public static final String AGE = "age";
    /** In tokens samtal mints itself: the tenant they belong to (their {@code iss} is samtal's). */
    public static final String TENANT = "tenant";
    /** In resume tokens: the participant id (for conversations: the member id) and session stream they were issued for. */
    public static final String PARTICIPANT = "pid";
    public static final String STREAM = "stream";

    /** Audience of join links samtal mints. */
    public static final String JOIN_AUDIENCE = "samtal-join";
    /** Audience of resume tokens: they never open anything as a join token would. */
    public static final String RESUME_AUDIENCE = "samtal-resume";

    public static final int MAX_REF_LENGTH = 128;
    public static final int MAX_NAME_LENGTH = 100;
    public static final int MAX_ID_LENGTH = 64;

    private TokenClaims() {
    }
}
