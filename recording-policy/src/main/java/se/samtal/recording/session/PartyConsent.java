package se.samtal.recording.session;

import se.samtal.recording.consent.Consent;

/**
 * A participant's answers: their own, and, if they need one, a guardian's for them.
 *
 * @param guardian null if the person does not need a guardian's consent
 */
public record PartyConsent(Consent self, Consent guardian) {

    public boolean needsGuardian() {
        return guardian != null;
    }

    /** Everyone who must say yes for this person has. */
    public boolean complete() {
        return self.status().isYes() && (guardian == null || guardian.status().isYes());
    }

    /** The person, or a guardian for them, has said no. */
    public boolean saysNo() {
        return self.status().isNo() || (guardian != null && guardian.status().isNo());
    }
}
