package se.samtal.recording.consent;

import java.time.Instant;
import java.util.Objects;

/**
 * One answer about being recorded, with its evidence: when, which version of the consent text
 * was shown, and who answered (the person, or which guardian for them).
 *
 * @param at          when the status was reached (null while never asked)
 * @param textVersion the version of the consent text the person was shown when answering yes
 *                    (null otherwise)
 * @param by          who answered (null while unanswered)
 * @param guardianId  with {@code by == GUARDIAN}: the participant id of the guardian
 */
public record Consent(ConsentStatus status, Instant at, String textVersion, GivenBy by, String guardianId) {
    public static final Consent NOT_ASKED = new Consent(ConsentStatus.NOT_ASKED, null, null, null, null);

    public Consent {
        Objects.requireNonNull(status, "status");
        if ((by == GivenBy.GUARDIAN) != (guardianId != null)) {
            throw new IllegalArgumentException("a guardian's answer names the guardian, and only then");
        }
    }

    /** The person has been shown the question. */
    public static Consent asked(Instant at) {
        return new Consent(ConsentStatus.ASKED, at, null, null, null);
    }

    /** A yes, by the person ({@code guardianId} null) or by a guardian for them. */
    public static Consent given(Instant at, String textVersion, String guardianId) {
        return new Consent(ConsentStatus.GIVEN, at, Objects.requireNonNull(textVersion, "textVersion"),
                guardianId == null ? GivenBy.SELF : GivenBy.GUARDIAN, guardianId);
    }

    /** A no: {@code WITHDRAWN} if this was a yes, {@code REFUSED} otherwise. */
    public Consent no(Instant now, String guardianId) {
        var next = status.isYes() ? ConsentStatus.WITHDRAWN : ConsentStatus.REFUSED;
        return new Consent(next, now, null, guardianId == null ? GivenBy.SELF : GivenBy.GUARDIAN, guardianId);
    }

    /** Whether {@code guardianId} (null: the person themselves) is who answered. */
    public boolean answeredBy(String guardianId) {
        return Objects.equals(this.guardianId, guardianId) && by != null;
    }
}
