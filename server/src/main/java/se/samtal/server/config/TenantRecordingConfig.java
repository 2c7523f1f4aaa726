package se.samtal.server.config;

import se.samtal.protocol.Role;
import se.samtal.protocol.SessionKind;
import se.samtal.recording.policy.GuardianRule;
import se.samtal.recording.policy.JoinRule;
import se.samtal.recording.policy.RecordingMode;
import se.samtal.recording.policy.RecordingPolicy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a tenant (the care provider) decides about recording its sessions.
 *
 * @param mode                     {@code disabled} (nothing is ever recorded) or {@code with_consent}
 * @param sessionKinds             kinds of session that may be recorded (video, audio)
 * @param requesterRoles           roles that may ask for a recording and stop it
 * @param joinersWithoutConsent    {@code pause}: someone without a yes comes in and the recording
 *                                 pauses; {@code wait}: they wait in the waiting room while it records
 * @param guardianConsentForMinors whether people under {@code adultAge} (token claim {@code age})
 *                                 need a guardian's yes as well as their own
 * @param adultAge                 the age from which people answer for themselves alone
 * @param consentText              the text people are shown before they answer, with its version
 * @param retention                how long a recording is kept after it ended, then deleted
 */
public record TenantRecordingConfig(String mode, List<SessionKind> sessionKinds, List<Role> requesterRoles,
                                    String joinersWithoutConsent, Boolean guardianConsentForMinors, Integer adultAge,
                                    ConsentTextConfig consentText, Duration retention) {
    public static final int MAX_TEXT_LENGTH = 4000;
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._-]{1,40}");

    public TenantRecordingConfig {
        mode = mode != null ? mode : "disabled";
        sessionKinds = sessionKinds != null ? Collections.unmodifiableList(new ArrayList<>(sessionKinds))
                : List.of(SessionKind.VIDEO, SessionKind.AUDIO);
        requesterRoles = requesterRoles != null ? Collections.unmodifiableList(new ArrayList<>(requesterRoles))
                : List.of(Role.THERAPIST);
        joinersWithoutConsent = joinersWithoutConsent != null ? joinersWithoutConsent : "pause";
        guardianConsentForMinors = guardianConsentForMinors == null || guardianConsentForMinors;
        adultAge = adultAge != null ? adultAge : GuardianRule.DEFAULT.adultAge();
        retention = retention != null ? retention : Duration.ofDays(30);
    }

    /**
     * The consent text in the languages of the browser client.
     *
     * @param version names this text; every yes records it, so change it whenever the text changes
     * @param sv      the Swedish text (required)
     * @param en      the English text (optional; Swedish is shown if missing)
     */
    public record ConsentTextConfig(String version, String sv, String en) {
    }

    static TenantRecordingConfig defaults() {
        return new TenantRecordingConfig(null, null, null, null, null, null, null, null);
    }

    public boolean enabled() {
        return "with_consent".equals(mode);
    }

    void validate(String key, Problems problems) {
        problems.require(mode.equals("disabled") || mode.equals("with_consent"), key + ".mode", "must be disabled or with_consent");
        for (int i = 0; i < sessionKinds.size(); i++) {
            SessionKind kind = sessionKinds.get(i);
            problems.require(kind == SessionKind.VIDEO || kind == SessionKind.AUDIO, key + ".sessionKinds[" + i + "]",
                    "must be video or audio (chat has its own retention and is never recorded)");
        }
        for (int i = 0; i < requesterRoles.size(); i++) {
            problems.require(requesterRoles.get(i) != null, key + ".requesterRoles[" + i + "]",
                    "must be a role: therapist, patient, guardian, relative, interpreter, guest, observer or bot");
        }
        problems.require(joinersWithoutConsent.equals("pause") || joinersWithoutConsent.equals("wait"),
                key + ".joinersWithoutConsent", "must be pause or wait");
        problems.range(adultAge, 1, 25, key + ".adultAge");
        problems.require(retention.compareTo(Duration.ofDays(1)) >= 0 && retention.compareTo(Duration.ofDays(3650)) <= 0,
                key + ".retention", "must be between 1d and 3650d");
        if (!enabled()) {
            return;
        }
        problems.require(!requesterRoles.isEmpty(), key + ".requesterRoles", "needs at least one role when recording is allowed");
        problems.require(!sessionKinds.isEmpty(), key + ".sessionKinds", "needs at least one kind when recording is allowed");
        if (consentText == null) {
            problems.add(key + ".consentText", "is required when mode is with_consent");
            return;
        }
        problems.require(consentText.version() != null && VERSION.matcher(consentText.version()).matches(),
                key + ".consentText.version", "is required: 1–40 letters, digits, dots, dashes or underscores");
        problems.require(consentText.sv() != null && !consentText.sv().isBlank() && consentText.sv().length() <= MAX_TEXT_LENGTH,
                key + ".consentText.sv", "is required: 1–" + MAX_TEXT_LENGTH + " characters");
        problems.require(consentText.en() == null || (!consentText.en().isBlank() && consentText.en().length() <= MAX_TEXT_LENGTH),
                key + ".consentText.en", "must be 1–" + MAX_TEXT_LENGTH + " characters if set");
    }

    /** The rules of the recording-policy engine, once validated. */
    public RecordingPolicy policy() {
        if (!enabled()) {
            return RecordingPolicy.DISABLED;
        }
        return new RecordingPolicy(RecordingMode.WITH_CONSENT,
                requesterRoles.stream().map(Role::wire).collect(java.util.stream.Collectors.toSet()),
                sessionKinds.stream().map(SessionKind::wire).collect(java.util.stream.Collectors.toSet()),
                JoinRule.valueOf(joinersWithoutConsent.toUpperCase(Locale.ROOT)),
                new GuardianRule(guardianConsentForMinors, adultAge), consentText.version());
    }
}
