package se.samtal.recording.policy;

import java.util.Objects;
import java.util.Set;

/**
 * A tenant's rules for recording its sessions.
 *
 * @param mode               disabled (the default), or allowed with everyone's consent
 * @param requesterRoles     roles that may ask for a recording and stop it (role wire names;
 *                           therapists only by default)
 * @param sessionKinds       session kinds that may be recorded at all (kind wire names)
 * @param joiners            what someone without consent coming into a recorded session does
 * @param guardians          when a guardian's consent is needed as well
 * @param consentTextVersion the version of the consent text people are shown; every yes
 *                           records it, and a yes to another version is refused
 */
public record RecordingPolicy(RecordingMode mode, Set<String> requesterRoles, Set<String> sessionKinds,
                              JoinRule joiners, GuardianRule guardians, String consentTextVersion) {

    /** The role whose holders may answer for participants who need a guardian's consent. */
    public static final String GUARDIAN_ROLE = "guardian";

    /** Nothing is ever recorded. */
    public static final RecordingPolicy DISABLED = new RecordingPolicy(RecordingMode.DISABLED, Set.of(), Set.of(),
            JoinRule.PAUSE, GuardianRule.DEFAULT, null);

    public RecordingPolicy {
        Objects.requireNonNull(mode, "mode");
        requesterRoles = Set.copyOf(requesterRoles);
        sessionKinds = Set.copyOf(sessionKinds);
        Objects.requireNonNull(joiners, "joiners");
        Objects.requireNonNull(guardians, "guardians");
        if (mode == RecordingMode.WITH_CONSENT && (consentTextVersion == null || consentTextVersion.isBlank())) {
            throw new IllegalArgumentException("recording with consent needs a consent text version");
        }
    }

    /** Recording with consent, therapists ask, video and audio sessions, joiners pause it, guardians for under 18s. */
    public static RecordingPolicy withConsent(String consentTextVersion) {
        return new RecordingPolicy(RecordingMode.WITH_CONSENT, Set.of("therapist"), Set.of("video", "audio"),
                JoinRule.PAUSE, GuardianRule.DEFAULT, consentTextVersion);
    }

    /** Whether a session of this kind may be recorded under this policy. */
    public boolean allows(String sessionKind) {
        return mode == RecordingMode.WITH_CONSENT && sessionKinds.contains(sessionKind);
    }

    public boolean mayRequest(String role) {
        return requesterRoles.contains(role);
    }
}
