package se.samtal.server.recording;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samtal.recording.recorder.RecorderCommand;
import se.samtal.server.testing.Browser;
import se.samtal.server.testing.TestServer;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The consent flow in real headless Chromium: the therapist asks, the patient reads the consent
 * text and says no (a real "No"), changes their mind themselves, both see the indicator turn on
 * once the recorder confirmed it, and one click takes the yes back. axe-core checks the screens
 * with the question and with the indicator on; the indicator is a live region.
 */
class BrowserRecordingIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Recordings.allowed("pause"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static void joinThroughTheCheck(Browser browser, String token) {
        browser.open(URI.create(server.baseUri() + "/join#" + token));
        browser.visible("screen-check");
        browser.waitUntilText("check-network-result", text -> !text.isBlank() && !text.endsWith("…"));
        browser.click("check-continue");
    }

    @Test
    void thePatientSaysNoThenYesSeesTheRecordingAndTakesTheYesBackInOneClick() {
        String session = server.bookSession();
        try (var patient = Browser.start(390, 844); var therapist = Browser.start()) {
            joinThroughTheCheck(therapist, server.link(session, "therapist-1"));
            therapist.visible("screen-call");
            joinThroughTheCheck(patient, server.link(session, "patient-1"));
            patient.visible("screen-waiting");
            therapist.waitUntilText("host-waiting", text -> text.contains("Patient Pim"));
            therapist.clickCss("#host-waiting button");
            patient.visible("screen-call");

            assertThat(patient.text("recording-status")).isEqualTo("Samtalet spelas inte in.");
            assertThat(patient.script("return document.getElementById('recording-status').getAttribute('role')"))
                    .as("the indicator is a live region").isEqualTo("status");
            assertThat(patient.isShown("recording-request")).as("only therapists ask").isFalse();

            therapist.click("recording-request");
            assertThat(therapist.visible("recording-confirm-text").getText()).isEqualTo(Recordings.TEXT_SV);
            therapist.click("recording-request-confirm");
            patient.visible("consent-prompt");
            assertThat(patient.text("consent-heading")).isEqualTo("Får vi spela in samtalet?");
            assertThat(patient.text("consent-text")).isEqualTo(Recordings.TEXT_SV);
            assertThat(patient.seriousAccessibilityViolations()).as("the consent question").isEmpty();
            patient.screenshot("r1-consent-question-phone");

            patient.click("consent-no");
            therapist.waitUntilText("recording-status", text -> text.equals("Samtalet spelas inte in. Någon har sagt nej."));
            patient.waitUntilText("recording-status", text -> text.equals("Samtalet spelas inte in. Någon har sagt nej."));
            assertThat(server.recorder().commandsFor(session)).isEmpty();
            // Nobody may ask the patient again while they are in the visit: the button is gone, and the therapist is told why.
            assertThat(therapist.isShown("recording-request")).as("Be om att få spela in after a no").isFalse();
            therapist.visible("recording-refused-note");
            assertThat(therapist.text("recording-refused-note"))
                    .isEqualTo("Någon har sagt nej. Du kan inte fråga igen medan hen är med i samtalet.");
            therapist.screenshot("r1b-therapist-after-no");

            patient.click("recording-reopen");
            patient.visible("consent-prompt");
            patient.click("consent-yes");
            patient.visible("recording-withdraw");
            therapist.await(d -> !therapist.isShown("recording-refused-note"));
            therapist.click("recording-request");
            therapist.click("recording-request-confirm");
            for (Browser browser : new Browser[] {therapist, patient}) {
                browser.waitUntilText("recording-status", text -> text.equals("Samtalet spelas in."));
            }
            assertThat(patient.script("return document.getElementById('recording-status').classList.contains('on')")).isEqualTo(true);
            assertThat(therapist.seriousAccessibilityViolations()).as("the indicator on, with the therapist's panel").isEmpty();
            patient.screenshot("r2-recording-on-phone");
            therapist.screenshot("r3-recording-on-therapist");

            patient.click("recording-withdraw");
            for (Browser browser : new Browser[] {therapist, patient}) {
                browser.waitUntilText("recording-status", text -> text.equals("Inspelningen har stoppats. Någon tog tillbaka sitt ja."));
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> server.recorder().commandsFor(session).contains(RecorderCommand.STOP));
            patient.click("language");
            assertThat(patient.text("recording-status")).isEqualTo("The recording has stopped. Someone took back their yes.");
            patient.screenshot("r4-withdrawn-english");
        }
    }

    @Test
    void aNoAfterARecordingCouldNotStartIsShownAsANoAndNobodyCanAskAgain() {
        String session = server.bookSession();
        server.recorder().canRecord(false); // as samtal today: every start fails
        try (var patient = Browser.start(); var therapist = Browser.start()) {
            joinThroughTheCheck(therapist, server.link(session, "therapist-1"));
            therapist.visible("screen-call");
            joinThroughTheCheck(patient, server.link(session, "patient-1"));
            patient.visible("screen-waiting");
            therapist.waitUntilText("host-waiting", text -> text.contains("Patient Pim"));
            therapist.clickCss("#host-waiting button");
            patient.visible("screen-call");

            therapist.click("recording-request");
            therapist.click("recording-request-confirm");
            patient.visible("consent-prompt");
            patient.click("consent-yes");
            String failed = "Samtalet spelas inte in. Inspelningen kunde inte starta.";
            therapist.waitUntilText("recording-status", failed::equals);
            patient.waitUntilText("recording-status", failed::equals);

            patient.click("recording-withdraw"); // "Nej" after all: the request had already ended, nothing else changes
            for (Browser browser : new Browser[] {therapist, patient}) {
                browser.waitUntilText("recording-status", text -> text.equals("Samtalet spelas inte in. Någon har sagt nej."));
            }
            assertThat(therapist.isShown("recording-request")).as("Be om att få spela in after the no").isFalse();
            therapist.visible("recording-refused-note");
            therapist.screenshot("r5-therapist-after-failed-start-and-no");
        } finally {
            server.recorder().canRecord(true);
        }
    }
}
