package se.samtal.server.visit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samtal.server.testing.Browser;
import se.samtal.server.testing.TestServer;

import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samtal.server.visit.BrowserCalls.MEDIA;
import static se.samtal.server.visit.BrowserCalls.framesDecoded;
import static se.samtal.server.visit.BrowserCalls.framesEncoded;
import static se.samtal.server.visit.BrowserCalls.intoTheCall;
import static se.samtal.server.visit.BrowserCalls.joinUrl;
import static se.samtal.server.visit.BrowserCalls.passTheCheck;

/**
 * What each side of a call sends and what the screens say about it, in real Chromium: going on
 * from the check waits for camera and microphone, sound only stops video both ways, and the other
 * side is told the truth (sound only, microphone off), on screen and through the live region.
 */
class BrowserCallMediaIT {
    /**
     * Holds getUserMedia until the test calls {@code window.releaseDevices()}: camera and microphone
     * that take their time to start, made deterministic.
     */
    private static final String SLOW_DEVICES = """
            (() => {
              const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
              let release;
              const released = new Promise((resolve) => { release = resolve; });
              window.releaseDevices = () => release();
              navigator.mediaDevices.getUserMedia = (constraints) => released.then(() => open(constraints));
            })();
            """;

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void goingOnFromTheCheckWaitsForCameraAndMicrophoneAndTheCallShowsWhatIsSent() {
        String session = server.bookSession();
        try (var therapist = Browser.start(); var patient = Browser.start()) {
            therapist.beforeEveryPage(SLOW_DEVICES);
            therapist.open(joinUrl(server, server.link(session, "therapist-1")));
            therapist.visible("screen-check");
            therapist.waitUntilText("check-media-result", text -> text.equals("Kameran och mikrofonen startar …"));
            assertThat(therapist.one("#check-continue").isEnabled()).as("Fortsätt while the devices start").isFalse();
            assertThat(therapist.one("#check-audio-only").isEnabled()).as("Fortsätt med bara ljud while the devices start").isFalse();
            therapist.one("#check-continue").click();
            assertThat(therapist.isShown("screen-check")).as("a click on the disabled button goes nowhere").isTrue();
            therapist.screenshot("m1-check-devices-starting");

            therapist.script("window.releaseDevices()");
            therapist.waitUntilText("check-media-result", text -> text.equals("Kameran och mikrofonen fungerar."));
            therapist.click("check-continue");
            therapist.visible("screen-call");
            assertThat(therapist.text("toggle-mic")).as("the microphone is on, and the button says so").isEqualTo("Stäng av mikrofonen");
            assertThat(therapist.one("#toggle-mic").getAttribute("aria-pressed")).isEqualTo("false");
            assertThat(therapist.text("toggle-audio-only")).isEqualTo("Bara ljud");

            passTheCheck(patient, joinUrl(server, server.link(session, "patient-1")));
            therapist.waitUntilText("host-waiting", text -> text.contains("Patient Pim"));
            therapist.clickCss("#host-waiting button");
            patient.visible("screen-call");
            await().atMost(MEDIA).until(() -> framesDecoded(patient) > 0);
            assertThat(patient.isShown("remote-camera-off")).as("the patient is not told the therapist is on sound only").isFalse();
            assertThat(patient.isShown("remote-muted")).as("nor that the therapist's microphone is off").isFalse();
            patient.screenshot("m2-patient-sees-therapist-after-slow-devices");
        }
    }

    @Test
    void soundOnlyStopsVideoBothWaysAndBothSidesAreToldSo() {
        String session = server.bookSession();
        try (var therapist = Browser.start(); var patient = Browser.start()) {
            intoTheCall(server, session, therapist, patient);
            await().atMost(MEDIA).until(() -> framesEncoded(patient) > 0 && framesEncoded(therapist) > 0);

            patient.click("toggle-audio-only");
            assertThat(patient.one("#toggle-audio-only").getAttribute("aria-pressed")).isEqualTo("true");
            therapist.waitUntilText("remote-camera-off",
                    text -> text.equals("Patient Pim deltar med bara ljud. Ni hör varandra men ser inte varandra."));
            patient.waitUntilText("remote-camera-off",
                    text -> text.equals("Du har valt bara ljud. Ni hör varandra men ser inte varandra."));
            therapist.await(d -> BrowserCalls.announced(therapist).contains("Patient Pim deltar med bara ljud."));

            // No video goes out from either side, and none comes in: the counters stand still.
            var stopped = new long[1][];
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                long[] now = videoCounters(therapist, patient);
                boolean still = stopped[0] != null && Arrays.equals(stopped[0], now);
                stopped[0] = now;
                return still;
            });
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> Arrays.equals(videoCounters(therapist, patient), stopped[0]));
            therapist.screenshot("m3-therapist-patient-on-sound-only");
            patient.screenshot("m4-patient-chose-sound-only");

            patient.click("toggle-audio-only");
            therapist.await(d -> !therapist.isShown("remote-camera-off"));
            await().atMost(MEDIA).until(() -> framesDecoded(therapist) > stopped[0][0] && framesDecoded(patient) > stopped[0][2]);
            therapist.await(d -> BrowserCalls.announced(therapist).equals("Patient Pim deltar med ljud och bild igen."));
        }
    }

    @Test
    void aMicrophoneTurnedOffIsShownAndAnnouncedOnTheOtherSide() {
        String session = server.bookSession();
        try (var therapist = Browser.start(); var patient = Browser.start()) {
            intoTheCall(server, session, therapist, patient);
            assertThat(patient.isShown("remote-muted")).isFalse();

            therapist.click("toggle-mic");
            assertThat(therapist.text("toggle-mic")).isEqualTo("Sätt på mikrofonen");
            patient.visible("remote-muted");
            assertThat(patient.text("remote-muted")).isEqualTo("Terapeut Tove har stängt av mikrofonen");
            patient.await(d -> BrowserCalls.announced(patient).equals("Terapeut Tove har stängt av mikrofonen"));
            assertThat(patient.seriousAccessibilityViolations()).as("call screen with the other's microphone off").isEmpty();
            patient.screenshot("m5-patient-sees-therapist-muted");

            therapist.click("toggle-mic");
            patient.await(d -> !patient.isShown("remote-muted"));
            patient.await(d -> BrowserCalls.announced(patient).equals("Terapeut Tove har satt på mikrofonen"));
        }
    }

    /** Video frames: the therapist's decoded and encoded, the patient's decoded and encoded. */
    private static long[] videoCounters(Browser therapist, Browser patient) {
        return new long[] {framesDecoded(therapist), framesEncoded(therapist), framesDecoded(patient), framesEncoded(patient)};
    }
}
