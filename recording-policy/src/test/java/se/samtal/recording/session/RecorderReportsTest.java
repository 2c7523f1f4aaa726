package se.samtal.recording.session;

import org.junit.jupiter.api.Test;
import se.samtal.recording.consent.Decision;
import se.samtal.recording.recorder.RecorderCommand;
import se.samtal.recording.recorder.RecorderReport;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samtal.recording.session.Fixture.commands;
import static se.samtal.recording.session.Fixture.state;

/** The indicator follows what the recorder confirmed, and the recorder's failures end the request. */
class RecorderReportsTest {

    private static Fixture started() {
        var f = Fixture.withConsent();
        f.in("t", "therapist");
        f.in("p", "patient");
        f.request("t");
        f.give("p");
        return f;
    }

    @Test
    void theRecorderStatusMovesOnlyWithItsReports() {
        var f = started();
        assertThat(f.rec.view().recorder()).isEqualTo(RecorderStatus.STARTING);
        assertThat(f.confirm(RecorderReport.STARTED)).containsExactly(new Effect.StateChanged(f.rec.view()));
        assertThat(f.rec.view().recorder()).isEqualTo(RecorderStatus.RECORDING);
        f.in("i", "interpreter");
        assertThat(f.rec.view().recorder()).isEqualTo(RecorderStatus.PAUSING);
        assertThat(f.rec.view().recorder().mayBeRecording()).isTrue();
        f.confirm(RecorderReport.PAUSED);
        assertThat(f.rec.view().recorder()).isEqualTo(RecorderStatus.PAUSED);
        assertThat(f.rec.view().recorder().mayBeRecording()).isFalse();
        f.give("i");
        assertThat(f.rec.view().recorder()).isEqualTo(RecorderStatus.RESUMING);
        f.confirm(RecorderReport.RESUMED);
        assertThat(f.rec.view().recorder()).isEqualTo(RecorderStatus.RECORDING);
        f.rec.stop("t");
        assertThat(f.rec.view().recorder()).isEqualTo(RecorderStatus.STOPPING);
        f.confirm(RecorderReport.STOPPED);
        assertThat(f.rec.view().recorder()).isEqualTo(RecorderStatus.IDLE);
        assertThat(f.rec.currentRecording()).isEmpty();
    }

    @Test
    void aStopSentBeforeTheStartWasConfirmedStaysStoppingUntilTheStopIsConfirmed() {
        var f = started();
        assertThat(commands(f.say("p", Decision.WITHDRAW))).containsExactly(RecorderCommand.STOP);
        f.confirm(RecorderReport.STARTED);
        assertThat(f.rec.view().recorder()).as("it started late, and may be recording until it stops")
                .isEqualTo(RecorderStatus.STOPPING);
        f.confirm(RecorderReport.STOPPED);
        assertThat(f.rec.view().recorder()).isEqualTo(RecorderStatus.IDLE);
    }

    @Test
    void aRecorderThatCannotRecordEndsTheRequestWithoutTryingAgain() {
        var f = started();
        var failed = f.confirm(RecorderReport.FAILED);
        assertThat(commands(failed)).isEmpty();
        assertThat(state(failed)).isEqualTo(new RecordingView(Phase.OFF, RecorderStatus.IDLE, null, Reason.RECORDER_FAILED));
    }

    @Test
    void aRecorderThatStopsByItselfEndsTheRequest() {
        var f = started();
        f.confirm(RecorderReport.STARTED);
        assertThat(state(f.confirm(RecorderReport.STOPPED)).reason()).isEqualTo(Reason.RECORDER_STOPPED);
        assertThat(f.rec.view().phase()).isEqualTo(Phase.OFF);
    }

    @Test
    void reportsAboutOtherRecordingsAreIgnored() {
        var f = started();
        assertThat(f.rec.recorderReported("rec-99", RecorderReport.STARTED)).isEmpty();
        assertThat(f.rec.view().recorder()).isEqualTo(RecorderStatus.STARTING);
    }

    @Test
    void aNewRequestWhileTheOldRecordingStopsStartsOnlyOnceTheStopIsConfirmed() {
        var f = started();
        f.confirm(RecorderReport.STARTED);
        f.rec.stop("t");
        assertThat(commands(f.request("t"))).as("one recording at a time").isEmpty();
        assertThat(f.rec.view()).isEqualTo(new RecordingView(Phase.RECORDING, RecorderStatus.STOPPING, "t", Reason.REQUESTED));
        assertThat(commands(f.confirm(RecorderReport.STOPPED))).containsExactly(RecorderCommand.START);
        assertThat(f.rec.currentRecording()).contains("rec-2");
    }
}
