package se.samtal.recording.session;

import org.junit.jupiter.api.Test;
import se.samtal.recording.consent.ConsentStatus;
import se.samtal.recording.consent.Decision;
import se.samtal.recording.consent.GivenBy;
import se.samtal.recording.recorder.RecorderCommand;
import se.samtal.recording.recorder.RecorderReport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static se.samtal.recording.session.Fixture.NOW;
import static se.samtal.recording.session.Fixture.TEXT;
import static se.samtal.recording.session.Fixture.commands;
import static se.samtal.recording.session.Fixture.prompts;
import static se.samtal.recording.session.Fixture.state;

/** The consent flow of one session: asking, yes, no, taking a yes back, people coming and going. */
class RecordingSessionTest {

    @Test
    void recordingStartsOnlyOnceEveryoneInTheRoomHasSaidYes() {
        var f = Fixture.withConsent();
        f.in("t", "therapist");
        f.in("p", "patient");

        var asked = f.request("t");
        assertThat(commands(asked)).as("the patient has not answered").isEmpty();
        assertThat(prompts(asked)).containsExactly(new Effect.Prompt("p", "p", TEXT));
        assertThat(state(asked)).isEqualTo(new RecordingView(Phase.AWAITING_CONSENT, RecorderStatus.IDLE, "t", Reason.REQUESTED));
        assertThat(f.rec.consentOf("t").orElseThrow().self().status()).as("asking is the asker's own yes").isEqualTo(ConsentStatus.GIVEN);
        assertThat(f.rec.consentOf("p").orElseThrow().self().status()).isEqualTo(ConsentStatus.ASKED);

        var yes = f.give("p");
        assertThat(commands(yes)).containsExactly(RecorderCommand.START);
        var start = (Effect.Command) yes.stream().filter(Effect.Command.class::isInstance).findFirst().orElseThrow();
        assertThat(start.consents()).extracting(c -> c.participantId()).containsExactly("t", "p");
        assertThat(state(yes)).as("asked, not confirmed")
                .isEqualTo(new RecordingView(Phase.RECORDING, RecorderStatus.STARTING, "t", Reason.CONSENT_COMPLETE));

        assertThat(state(f.confirm(RecorderReport.STARTED)).recorder()).isEqualTo(RecorderStatus.RECORDING);
    }

    @Test
    void aYesCarriesItsTimeTextVersionAndWhoGaveIt() {
        var f = Fixture.withConsent();
        f.in("t", "therapist");
        f.in("p", "patient");
        f.request("t");
        f.give("p");
        var consent = f.rec.consentOf("p").orElseThrow().self();
        assertThat(consent.status()).isEqualTo(ConsentStatus.GIVEN);
        assertThat(consent.at()).isEqualTo(NOW);
        assertThat(consent.textVersion()).isEqualTo(TEXT);
        assertThat(consent.by()).isEqualTo(GivenBy.SELF);
        assertThat(f.rec.consentOf("p").orElseThrow().guardian()).as("an adult needs no guardian").isNull();
    }

    @Test
    void aNoEndsTheRequestAndNobodyCanAskAgainWhileTheyAreHere() {
        var f = Fixture.withConsent();
        f.in("t", "therapist");
        f.in("p", "patient");
        f.request("t");

        var no = f.say("p", Decision.REFUSE);
        assertThat(commands(no)).isEmpty();
        assertThat(state(no)).isEqualTo(new RecordingView(Phase.OFF, RecorderStatus.IDLE, null, Reason.REFUSED));

        var again = catchThrowableOfType(RecordingRefused.class, () -> f.request("t"));
        assertThat(again.refusal()).isEqualTo(Refusal.CONSENT_REFUSED);
        assertThat(f.rec.view().phase()).isEqualTo(Phase.OFF);
        assertThat(f.rec.consentOf("p").orElseThrow().self().status()).isEqualTo(ConsentStatus.REFUSED);
    }

    @Test
    void takingAYesBackStopsTheRecordingInTheSameStep() {
        var f = Fixture.recordingTherapistAndPatient();
        var withdrawn = f.say("p", Decision.WITHDRAW);
        assertThat(commands(withdrawn)).containsExactly(RecorderCommand.STOP);
        assertThat(state(withdrawn)).as("stopping until the recorder confirms")
                .isEqualTo(new RecordingView(Phase.OFF, RecorderStatus.STOPPING, null, Reason.WITHDRAWN));
        assertThat(f.rec.consentOf("p").orElseThrow().self().status()).isEqualTo(ConsentStatus.WITHDRAWN);
        assertThat(state(f.confirm(RecorderReport.STOPPED)).recorder()).isEqualTo(RecorderStatus.IDLE);
    }

    @Test
    void aNoAfterAYesIsAWithdrawal() {
        var f = Fixture.recordingTherapistAndPatient();
        assertThat(commands(f.say("p", Decision.REFUSE))).containsExactly(RecorderCommand.STOP);
        assertThat(f.rec.consentOf("p").orElseThrow().self().status()).isEqualTo(ConsentStatus.WITHDRAWN);
    }

    @Test
    void someoneComingInWithoutAYesPausesItUntilTheySayYes() {
        var f = Fixture.recordingTherapistAndPatient();
        var arrived = f.in("i", "interpreter");
        assertThat(commands(arrived)).containsExactly(RecorderCommand.PAUSE);
        assertThat(prompts(arrived)).containsExactly(new Effect.Prompt("i", "i", TEXT));
        assertThat(state(arrived)).isEqualTo(new RecordingView(Phase.PAUSED, RecorderStatus.PAUSING, "t", Reason.CONSENT_MISSING));
        f.confirm(RecorderReport.PAUSED);

        var yes = f.give("i");
        assertThat(commands(yes)).containsExactly(RecorderCommand.RESUME);
        var resume = (Effect.Command) yes.stream().filter(Effect.Command.class::isInstance).findFirst().orElseThrow();
        assertThat(resume.consents()).extracting(c -> c.participantId()).containsExactly("t", "p", "i");
        assertThat(state(yes)).isEqualTo(new RecordingView(Phase.RECORDING, RecorderStatus.RESUMING, "t", Reason.CONSENT_COMPLETE));
    }

    @Test
    void someoneWhoComesInAndSaysNoStopsIt() {
        var f = Fixture.recordingTherapistAndPatient();
        f.in("i", "interpreter");
        var no = f.say("i", Decision.REFUSE);
        assertThat(commands(no)).containsExactly(RecorderCommand.STOP);
        assertThat(state(no).phase()).isEqualTo(Phase.OFF);
        assertThat(state(no).reason()).isEqualTo(Reason.REFUSED);
    }

    @Test
    void whenTheOneWithoutAnAnswerLeavesTheRecordingGoesOn() {
        var f = Fixture.recordingTherapistAndPatient();
        f.in("i", "interpreter");
        assertThat(commands(f.rec.moved("i", Attendance.GONE))).containsExactly(RecorderCommand.RESUME);
    }

    @Test
    void peopleInTheWaitingRoomAreAskedButDoNotPauseIt() {
        var f = Fixture.recordingTherapistAndPatient();
        var waiting = f.waiting("g", "guest");
        assertThat(prompts(waiting)).containsExactly(new Effect.Prompt("g", "g", TEXT));
        assertThat(commands(waiting)).isEmpty();

        assertThat(commands(f.say("g", Decision.REFUSE))).as("a no from the waiting room records nobody").isEmpty();
        assertThat(f.rec.view().phase()).isEqualTo(Phase.RECORDING);
        assertThat(commands(f.rec.moved("g", Attendance.IN_ROOM))).as("but once they are in, it stops")
                .containsExactly(RecorderCommand.STOP);
    }

    @Test
    void nobodyIsAskedTwice() {
        var f = Fixture.withConsent();
        f.in("t", "therapist");
        f.in("p", "patient");
        assertThat(prompts(f.request("t"))).hasSize(1);
        f.rec.stop("t");
        assertThat(prompts(f.request("t"))).as("the open question stays; it is not asked again").isEmpty();
        assertThat(f.rec.openPrompts("p")).containsExactly(new Effect.Prompt("p", "p", TEXT));
        f.rec.moved("p", Attendance.GONE);
        assertThat(prompts(f.rec.moved("p", Attendance.IN_ROOM))).as("coming back is not a reason to ask again").isEmpty();
    }

    @Test
    void aNoIsOpenedAgainOnlyByTheOneWhoSaidIt() {
        var f = Fixture.withConsent();
        f.in("t", "therapist");
        f.in("p", "patient");
        f.request("t");
        f.say("p", Decision.REFUSE);
        assertThat(catchThrowableOfType(RecordingRefused.class, () -> f.rec.decide("t", "p", Decision.REOPEN, null)).refusal())
                .isEqualTo(Refusal.NOT_THEIR_GUARDIAN);

        var reopened = f.say("p", Decision.REOPEN);
        assertThat(prompts(reopened)).containsExactly(new Effect.Prompt("p", "p", TEXT));
        assertThat(f.rec.consentOf("p").orElseThrow().self().status()).isEqualTo(ConsentStatus.ASKED);
        f.give("p");
        assertThat(f.rec.view().phase()).as("their no ended the request; it must be asked for again").isEqualTo(Phase.OFF);
        assertThat(commands(f.request("t"))).containsExactly(RecorderCommand.START);
    }

    @Test
    void aPersonMayAlsoSimplyChangeTheirNoToAYes() {
        var f = Fixture.withConsent();
        f.in("t", "therapist");
        f.in("p", "patient");
        f.request("t");
        f.say("p", Decision.REFUSE);
        f.give("p");
        assertThat(commands(f.request("t"))).containsExactly(RecorderCommand.START);
    }

    @Test
    void sayingNoAgainOrOpeningNothingChangesNothing() {
        var f = Fixture.withConsent();
        f.in("t", "therapist");
        f.in("p", "patient");
        f.request("t");
        f.say("p", Decision.REFUSE);
        assertThat(f.say("p", Decision.WITHDRAW)).isEmpty();
        assertThat(f.rec.consentOf("p").orElseThrow().self().status()).isEqualTo(ConsentStatus.REFUSED);
        assertThat(catchThrowableOfType(RecordingRefused.class, () -> f.say("t", Decision.REOPEN)).refusal())
                .isEqualTo(Refusal.NOTHING_TO_REOPEN);
    }

    @Test
    void nobodyCanAnswerForSomeoneElseOrAskWithoutTheRole() {
        var f = Fixture.withConsent();
        f.in("t", "therapist");
        f.in("p", "patient");
        f.in("i", "interpreter");
        var before = f.rec.view();

        assertThat(catchThrowableOfType(RecordingRefused.class, () -> f.request("p")).refusal()).isEqualTo(Refusal.NOT_A_REQUESTER);
        assertThat(catchThrowableOfType(RecordingRefused.class, () -> f.rec.stop("i")).refusal()).isEqualTo(Refusal.NOT_A_REQUESTER);
        f.request("t");
        assertThat(catchThrowableOfType(RecordingRefused.class, () -> f.rec.decide("t", "p", Decision.GIVE, TEXT)).refusal())
                .isEqualTo(Refusal.NOT_THEIR_GUARDIAN);
        assertThat(catchThrowableOfType(RecordingRefused.class, () -> f.rec.decide("p", "i", Decision.GIVE, TEXT)).refusal())
                .isEqualTo(Refusal.NOT_THEIR_GUARDIAN);
        assertThat(catchThrowableOfType(RecordingRefused.class, () -> f.rec.decide("p", "x", Decision.GIVE, TEXT)).refusal())
                .isEqualTo(Refusal.UNKNOWN_PARTICIPANT);
        assertThat(catchThrowableOfType(RecordingRefused.class, () -> f.rec.decide("p", null, Decision.GIVE, "1999")).refusal())
                .isEqualTo(Refusal.TEXT_VERSION_MISMATCH);
        assertThat(f.rec.consentOf("p").orElseThrow().self().status()).isEqualTo(ConsentStatus.ASKED);
        assertThat(f.rec.consentOf("i").orElseThrow().self().status()).isEqualTo(ConsentStatus.ASKED);
        assertThat(before.phase()).isEqualTo(Phase.OFF);
        assertThat(f.rec.view().phase()).isEqualTo(Phase.AWAITING_CONSENT);
    }

    @Test
    void onlySomeoneInTheRoomCanAsk() {
        var f = Fixture.withConsent();
        f.rec.introduce(new Newcomer("t", "therapist", se.samtal.recording.policy.GuardianClaims.NONE));
        f.rec.moved("t", Attendance.WAITING);
        assertThat(catchThrowableOfType(RecordingRefused.class, () -> f.request("t")).refusal()).isEqualTo(Refusal.NOT_IN_ROOM);
    }

    @Test
    void theRequestEndsWhenTheOneWhoAskedLeaves() {
        var f = Fixture.recordingTherapistAndPatient();
        var left = f.rec.moved("t", Attendance.GONE);
        assertThat(commands(left)).containsExactly(RecorderCommand.STOP);
        assertThat(state(left).reason()).isEqualTo(Reason.REQUESTER_LEFT);
    }

    @Test
    void aRequesterStopsItAndCanAskAgain() {
        var f = Fixture.recordingTherapistAndPatient();
        var stopped = f.rec.stop("t");
        assertThat(commands(stopped)).containsExactly(RecorderCommand.STOP);
        assertThat(state(stopped).reason()).isEqualTo(Reason.STOPPED);
        assertThat(f.rec.stop("t")).as("stopping twice changes nothing").isEmpty();
        f.confirm(RecorderReport.STOPPED);
        assertThat(commands(f.request("t"))).as("everyone's yes still stands: a new recording").containsExactly(RecorderCommand.START);
        assertThat(f.rec.currentRecording()).contains("rec-2");
    }

    @Test
    void theEndOfTheSessionStopsIt() {
        var f = Fixture.recordingTherapistAndPatient();
        var ended = f.rec.end();
        assertThat(commands(ended)).containsExactly(RecorderCommand.STOP);
        assertThat(state(ended).reason()).isEqualTo(Reason.SESSION_ENDED);
    }

    @Test
    void everyConsentChangeIsAnEffectForEveryone() {
        var f = Fixture.withConsent();
        f.in("t", "therapist");
        f.in("p", "patient");
        var asked = f.request("t");
        assertThat(asked).filteredOn(Effect.ConsentChanged.class::isInstance)
                .extracting(e -> ((Effect.ConsentChanged) e).participantId()).containsExactly("t", "p");
        var yes = f.give("p");
        assertThat(yes.getFirst()).isEqualTo(new Effect.ConsentChanged("p", f.rec.consentOf("p").orElseThrow()));
    }
}
