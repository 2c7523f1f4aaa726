package se.samtal.recording.session;

import org.junit.jupiter.api.Test;
import se.samtal.recording.consent.ConsentStatus;
import se.samtal.recording.consent.Decision;
import se.samtal.recording.consent.GivenBy;
import se.samtal.recording.policy.GuardianClaims;
import se.samtal.recording.recorder.RecorderCommand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static se.samtal.recording.session.Fixture.TEXT;
import static se.samtal.recording.session.Fixture.commands;
import static se.samtal.recording.session.Fixture.prompts;

/** A minor (by age or by the platform's claim) needs a guardian's yes as well as their own. */
class GuardianConsentTest {
    private static final GuardianClaims TWELVE = new GuardianClaims(null, 12);

    private static Fixture minorWithGuardianAsked() {
        var f = Fixture.withConsent();
        f.in("t", "therapist");
        f.in("m", "patient", TWELVE);
        f.in("g", "guardian");
        f.request("t");
        return f;
    }

    @Test
    void theGuardianIsAskedAboutTheMinorAndAboutThemselves() {
        var f = Fixture.withConsent();
        f.in("t", "therapist");
        f.in("m", "patient", TWELVE);
        f.in("g", "guardian");
        assertThat(prompts(f.request("t"))).containsExactly(
                new Effect.Prompt("m", "m", TEXT), new Effect.Prompt("g", "m", TEXT), new Effect.Prompt("g", "g", TEXT));
        assertThat(f.rec.consentOf("m").orElseThrow().guardian().status()).isEqualTo(ConsentStatus.ASKED);
        assertThat(f.rec.openPrompts("g")).extracting(Effect.Prompt::subject).containsExactlyInAnyOrder("m", "g");
    }

    @Test
    void theMinorsOwnYesIsNotEnough() {
        var f = minorWithGuardianAsked();
        f.give("g");
        assertThat(commands(f.give("m"))).isEmpty();
        assertThat(commands(f.rec.decide("g", "m", Decision.GIVE, TEXT))).containsExactly(RecorderCommand.START);
        var guardian = f.rec.consentOf("m").orElseThrow().guardian();
        assertThat(guardian.by()).isEqualTo(GivenBy.GUARDIAN);
        assertThat(guardian.guardianId()).isEqualTo("g");
        assertThat(guardian.textVersion()).isEqualTo(TEXT);
    }

    @Test
    void theGuardiansYesAloneIsNotEnough() {
        var f = minorWithGuardianAsked();
        f.give("g");
        assertThat(commands(f.rec.decide("g", "m", Decision.GIVE, TEXT))).isEmpty();
        assertThat(commands(f.give("m"))).containsExactly(RecorderCommand.START);
    }

    @Test
    void withoutAGuardianPresentItWaitsAndAGuardianWhoComesIsAskedThen() {
        var f = Fixture.withConsent();
        f.in("t", "therapist");
        f.in("m", "patient", new GuardianClaims(true, null));
        f.request("t");
        assertThat(commands(f.give("m"))).isEmpty();
        assertThat(f.rec.consentOf("m").orElseThrow().guardian().status()).isEqualTo(ConsentStatus.NOT_ASKED);
        var arrives = f.in("g", "guardian");
        assertThat(prompts(arrives)).containsExactlyInAnyOrder(new Effect.Prompt("g", "g", TEXT), new Effect.Prompt("g", "m", TEXT));
    }

    @Test
    void onlyAGuardianAnswersForAMinorAndOnlyForSomeoneWhoNeedsIt() {
        var f = minorWithGuardianAsked();
        f.in("p", "patient");
        assertThat(catchThrowableOfType(RecordingRefused.class, () -> f.rec.decide("t", "m", Decision.GIVE, TEXT)).refusal())
                .isEqualTo(Refusal.NOT_THEIR_GUARDIAN);
        assertThat(catchThrowableOfType(RecordingRefused.class, () -> f.rec.decide("p", "m", Decision.GIVE, TEXT)).refusal())
                .isEqualTo(Refusal.NOT_THEIR_GUARDIAN);
        assertThat(catchThrowableOfType(RecordingRefused.class, () -> f.rec.decide("g", "p", Decision.GIVE, TEXT)).refusal())
                .as("an adult answers for themselves").isEqualTo(Refusal.NOT_THEIR_GUARDIAN);
        assertThat(catchThrowableOfType(RecordingRefused.class, () -> f.rec.decide("m", "g", Decision.REFUSE, null)).refusal())
                .isEqualTo(Refusal.NOT_THEIR_GUARDIAN);
        assertThat(f.rec.consentOf("m").orElseThrow().guardian().status()).isEqualTo(ConsentStatus.ASKED);
        assertThat(f.rec.consentOf("p").orElseThrow().self().status()).isEqualTo(ConsentStatus.ASKED);
    }

    @Test
    void anotherGuardianCannotOverrideAGuardiansNoButTheSameGuardianCanReopenIt() {
        var f = minorWithGuardianAsked();
        f.in("g2", "guardian");
        f.rec.decide("g", "m", Decision.REFUSE, null);
        assertThat(catchThrowableOfType(RecordingRefused.class, () -> f.rec.decide("g2", "m", Decision.GIVE, TEXT)).refusal())
                .isEqualTo(Refusal.ANOTHER_GUARDIAN_SAID_NO);
        assertThat(catchThrowableOfType(RecordingRefused.class, () -> f.rec.decide("g2", "m", Decision.REOPEN, null)).refusal())
                .isEqualTo(Refusal.NOTHING_TO_REOPEN);
        assertThat(catchThrowableOfType(RecordingRefused.class, () -> f.say("m", Decision.REOPEN)).refusal())
                .as("the minor's own answer was not the no").isEqualTo(Refusal.NOTHING_TO_REOPEN);
        assertThat(prompts(f.rec.decide("g", "m", Decision.REOPEN, null))).containsExactly(new Effect.Prompt("g", "m", TEXT));
        f.rec.decide("g", "m", Decision.GIVE, TEXT);
        assertThat(f.rec.consentOf("m").orElseThrow().guardian().status()).isEqualTo(ConsentStatus.GIVEN);
    }

    /** Everyone said yes: the minor, the guardian for themselves and the guardian for the minor. */
    private static Fixture allSaidYes() {
        var f = minorWithGuardianAsked();
        f.give("g");
        f.give("m");
        assertThat(commands(f.rec.decide("g", "m", Decision.GIVE, TEXT))).containsExactly(RecorderCommand.START);
        return f;
    }

    @Test
    void aGuardianTakingTheirYesBackForTheMinorStopsIt() {
        var f = allSaidYes();
        assertThat(commands(f.rec.decide("g", "m", Decision.WITHDRAW, null))).containsExactly(RecorderCommand.STOP);
        assertThat(f.rec.consentOf("m").orElseThrow().guardian().status()).isEqualTo(ConsentStatus.WITHDRAWN);
    }

    @Test
    void theMinorsOwnNoStopsItWhateverTheGuardianSaid() {
        var f = allSaidYes();
        assertThat(commands(f.say("m", Decision.WITHDRAW))).containsExactly(RecorderCommand.STOP);
        assertThat(catchThrowableOfType(RecordingRefused.class, () -> f.request("t")).refusal()).isEqualTo(Refusal.CONSENT_REFUSED);
    }
}
