package se.samtal.server.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samtal.recording.policy.GuardianRule;
import se.samtal.recording.policy.JoinRule;
import se.samtal.recording.policy.RecordingMode;
import se.samtal.recording.policy.RecordingPolicy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A tenant's recording policy, consent text and retention: defaults, and every bad value named by its key. */
class RecordingConfigTest {
    @TempDir
    Path dir;

    private SamtalConfig load(String tenantExtra, Map<String, String> env) throws Exception {
        return new OneTenantYaml(dir).load(tenantExtra, env);
    }

    private List<String> problems(String tenantExtra) {
        return new OneTenantYaml(dir).problems(tenantExtra);
    }

    @Test
    void byDefaultNothingIsRecorded() throws Exception {
        var config = load("", Map.of());
        var recording = config.tenants().get(0).recording();
        assertThat(recording.enabled()).isFalse();
        assertThat(recording.policy()).isEqualTo(RecordingPolicy.DISABLED);
        assertThat(recording.retention()).isEqualTo(Duration.ofDays(30));
        assertThat(config.recording().purgeInterval()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aFullRecordingPolicyIsRead() throws Exception {
        var config = load("""
                recording:
                  mode: with_consent
                  sessionKinds: [video]
                  requesterRoles: [therapist, relative]
                  joinersWithoutConsent: wait
                  guardianConsentForMinors: true
                  adultAge: 16
                  retention: 90d
                  consentText:
                    version: "2026-11.a"
                    sv: "Vi spelar in samtalet för handledning."
                    en: "We record the call for supervision."
                """, Map.of("SAMTAL_RECORDING__PURGE_INTERVAL", "15m"));
        var recording = config.tenants().get(0).recording();
        assertThat(recording.policy()).isEqualTo(new RecordingPolicy(RecordingMode.WITH_CONSENT, Set.of("therapist", "relative"),
                Set.of("video"), JoinRule.WAIT, new GuardianRule(true, 16), "2026-11.a"));
        assertThat(recording.retention()).isEqualTo(Duration.ofDays(90));
        assertThat(recording.consentText().en()).isEqualTo("We record the call for supervision.");
        assertThat(config.recording().purgeInterval()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void theDefaultsOfAnAllowingTenantAreTherapistsAskVideoAndAudioPause() throws Exception {
        var recording = load("""
                recording:
                  mode: with_consent
                  consentText: {version: v1, sv: "Text."}
                """, Map.of()).tenants().get(0).recording();
        assertThat(recording.policy()).isEqualTo(RecordingPolicy.withConsent("v1"));
    }

    @Test
    void everyBadValueIsNamedByItsKey() {
        assertThat(problems("""
                recording:
                  mode: sometimes
                  sessionKinds: [chat]
                  requesterRoles: [nobody]
                  joinersWithoutConsent: hide
                  adultAge: 40
                  retention: 0s
                """)).containsExactlyInAnyOrder(
                "tenants[0].recording.mode: must be disabled or with_consent",
                "tenants[0].recording.sessionKinds[0]: must be video or audio (chat has its own retention and is never recorded)",
                "tenants[0].recording.requesterRoles[0]: must be a role: therapist, patient, guardian, relative, interpreter, guest, observer or bot",
                "tenants[0].recording.joinersWithoutConsent: must be pause or wait",
                "tenants[0].recording.adultAge: must be between 1 and 25",
                "tenants[0].recording.retention: must be between 1d and 3650d");
    }

    @Test
    void allowingRecordingNeedsAConsentTextWithAVersion() {
        assertThat(problems("recording: {mode: with_consent}"))
                .containsExactly("tenants[0].recording.consentText: is required when mode is with_consent");
        assertThat(problems("""
                recording:
                  mode: with_consent
                  requesterRoles: []
                  consentText: {version: "a b", en: ""}
                """)).containsExactlyInAnyOrder(
                "tenants[0].recording.requesterRoles: needs at least one role when recording is allowed",
                "tenants[0].recording.consentText.version: is required: 1–40 letters, digits, dots, dashes or underscores",
                "tenants[0].recording.consentText.sv: is required: 1–4000 characters",
                "tenants[0].recording.consentText.en: must be 1–4000 characters if set");
    }

    @Test
    void aTypoInARecordingKeyAndABadPurgeIntervalAreNamed() {
        assertThat(problems("recording: {mdoe: with_consent}")).containsExactly("tenants[0].recording.mdoe: unknown key");
        assertThat(new OneTenantYaml(dir).problems("", Map.of("SAMTAL_RECORDING__PURGE_INTERVAL", "10s")))
                .containsExactly("recording.purgeInterval: must be between 1m and 1d");
    }
}
