package se.samtal.recording.session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import se.samtal.recording.consent.Decision;
import se.samtal.recording.policy.GuardianClaims;
import se.samtal.recording.policy.GuardianRule;
import se.samtal.recording.policy.JoinRule;
import se.samtal.recording.policy.RecordingMode;
import se.samtal.recording.policy.RecordingPolicy;
import se.samtal.recording.recorder.RecorderCommand;
import se.samtal.recording.recorder.RecorderReport;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static se.samtal.recording.session.Fixture.TEXT;
import static se.samtal.recording.session.Fixture.commands;

/** Each setting of a tenant's recording policy. */
class PolicySettingsTest {

    private static RecordingPolicy policy(Set<String> requesters, JoinRule joiners, GuardianRule guardians) {
        return new RecordingPolicy(RecordingMode.WITH_CONSENT, requesters, Set.of("video", "audio"), joiners, guardians, TEXT);
    }

    @Test
    void byDefaultNothingIsRecordedAndEveryRecordingRequestIsRefused() {
        var f = new Fixture(RecordingPolicy.DISABLED);
        assertThat(f.rec.enabled()).isFalse();
        assertThat(f.in("t", "therapist")).isEmpty();
        assertThat(f.in("p", "patient")).isEmpty();
        assertThat(catchThrowableOfType(RecordingRefused.class, () -> f.request("t")).refusal()).isEqualTo(Refusal.DISABLED);
        assertThat(catchThrowableOfType(RecordingRefused.class, () -> f.give("p")).refusal()).isEqualTo(Refusal.DISABLED);
        assertThat(catchThrowableOfType(RecordingRefused.class, () -> f.rec.stop("t")).refusal()).isEqualTo(Refusal.DISABLED);
        assertThat(f.rec.consentOf("p")).isEmpty();
        assertThat(f.rec.mayEnter("p")).isTrue();
        assertThat(f.rec.end()).isEmpty();
    }

    @Test
    void sessionKindsOutsideThePolicyAreNeverRecorded() {
        var f = new Fixture(RecordingPolicy.withConsent(TEXT), "chat");
        f.in("t", "therapist");
        assertThat(catchThrowableOfType(RecordingRefused.class, () -> f.request("t")).refusal()).isEqualTo(Refusal.DISABLED);
        assertThat(new Fixture(RecordingPolicy.withConsent(TEXT), "audio").rec.enabled()).isTrue();
    }

    @Test
    void onlyTherapistsMayAskByDefault() {
        var f = Fixture.withConsent();
        f.in("t", "therapist");
        for (String role : new String[] {"patient", "guardian", "relative", "interpreter", "guest", "observer", "bot"}) {
            f.in(role, role);
            assertThat(catchThrowableOfType(RecordingRefused.class, () -> f.request(role)).refusal()).as(role)
                    .isEqualTo(Refusal.NOT_A_REQUESTER);
            assertThat(f.rec.mayRequest(role)).isFalse();
        }
        assertThat(f.rec.mayRequest("t")).isTrue();
    }

    @Test
    void aTenantMayLetOtherRolesAsk() {
        var f = new Fixture(policy(Set.of("therapist", "relative"), JoinRule.PAUSE, GuardianRule.DEFAULT));
        f.in("r", "relative");
        f.in("p", "patient");
        assertThat(f.rec.mayRequest("r")).isTrue();
        f.request("r");
        assertThat(commands(f.give("p"))).containsExactly(RecorderCommand.START);
        assertThat(catchThrowableOfType(RecordingRefused.class, () -> f.rec.stop("p")).refusal()).isEqualTo(Refusal.NOT_A_REQUESTER);
    }

    @Test
    void withPauseEveryoneMayComeInAndTheRecordingPauses() {
        var f = Fixture.recordingTherapistAndPatient();
        f.waiting("g", "guest");
        assertThat(f.rec.mayEnter("g")).isTrue();
        assertThat(commands(f.rec.moved("g", Attendance.IN_ROOM))).containsExactly(RecorderCommand.PAUSE);
    }

    @Test
    void withWaitSomeoneWithoutAYesWaitsWhileItRecords() {
        var f = new Fixture(policy(Set.of("therapist"), JoinRule.WAIT, GuardianRule.DEFAULT));
        f.in("t", "therapist");
        f.in("p", "patient");
        f.waiting("g", "guest");
        f.request("t");
        assertThat(f.rec.mayEnter("g")).as("not recording yet: coming in only keeps it from starting").isTrue();
        f.give("p");
        assertThat(f.rec.mayEnter("g")).as("the recorder is told to record").isFalse();
        f.rec.recorderReported("rec-1", RecorderReport.STARTED);
        assertThat(f.rec.mayEnter("g")).isFalse();
        assertThat(f.rec.mayEnter("unknown")).isFalse();
        f.give("g");
        assertThat(f.rec.mayEnter("g")).isTrue();
        f.waiting("h", "guest");
        f.say("h", Decision.REFUSE);
        assertThat(f.rec.mayEnter("h")).isFalse();
        f.rec.stop("t");
        assertThat(f.rec.mayEnter("h")).as("once it stops, nobody needs to wait for it").isTrue();
    }

    @ParameterizedTest(name = "claim={0} age={1} forMinors={2} adultAge={3} → {4}")
    @CsvSource(nullValues = "-", value = {
            "true,  -,  true,  18, true",
            "false, 10, true,  18, false",
            "-,     10, true,  18, true",
            "-,     17, true,  18, true",
            "-,     18, true,  18, false",
            "-,     -,  true,  18, false",
            "-,     10, false, 18, false",
            "true,  30, false, 18, true",
            "-,     14, true,  15, true",
            "-,     15, true,  15, false",
    })
    void aGuardianIsNeededByTheClaimOrByAge(Boolean claim, Integer age, boolean forMinors, int adultAge, boolean needed) {
        var rule = new GuardianRule(forMinors, adultAge);
        assertThat(rule.needsGuardian(new GuardianClaims(claim, age))).isEqualTo(needed);
        var f = new Fixture(policy(Set.of("therapist"), JoinRule.PAUSE, rule));
        f.in("m", "patient", new GuardianClaims(claim, age));
        assertThat(f.rec.consentOf("m").orElseThrow().needsGuardian()).isEqualTo(needed);
    }

    @Test
    void policiesRefuseNonsense() {
        assertThatThrownBy(() -> new GuardianRule(true, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GuardianClaims(null, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecordingPolicy(RecordingMode.WITH_CONSENT, Set.of(), Set.of(), JoinRule.PAUSE,
                GuardianRule.DEFAULT, " ")).as("a yes must name the text it agreed to").isInstanceOf(IllegalArgumentException.class);
    }
}
