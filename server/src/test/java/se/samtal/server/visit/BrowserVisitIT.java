package se.samtal.server.visit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samtal.server.testing.Browser;
import se.samtal.server.testing.Coturn;
import se.samtal.server.testing.TestServer;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole visit in real headless Chromium with fake camera and microphone: the patient checks
 * their devices and waits, the therapist lets them in, both see each other's video, camera-off
 * shows on the other side, hanging up ends it; then the same call with every packet through a
 * real coturn, using the TURN credentials samtal minted. axe-core checks each screen.
 */
class BrowserVisitIT {
    private static final String TURN_SECRET = "test-turn-shared-secret-0123456789abcdef";
    private static final Duration MEDIA = Duration.ofSeconds(60);

    private static Coturn coturn;
    private static TestServer server;

    @BeforeAll
    static void start() {
        coturn = Coturn.start(TURN_SECRET);
        server = TestServer.start(config -> TestServer.tenant(config).putObject("ice")
                .put("turnSecret", TURN_SECRET)
                .set("turnUrls", config.arrayNode().add(coturn.turnUrl())));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (coturn != null) {
            coturn.close();
        }
    }

    private URI joinUrl(String query, String token) {
        return URI.create(server.baseUri() + "/join" + query + "#" + token);
    }

    /** Opens the link, waits for the check to finish its network test, and continues. */
    private static void passTheCheck(Browser browser, String screenshot) {
        browser.visible("screen-check");
        browser.waitUntilText("check-network-result", text -> !text.isBlank() && !text.endsWith("…"));
        browser.waitUntilText("check-media-result", text -> !text.isBlank());
        if (screenshot != null) {
            browser.screenshot(screenshot);
        }
        browser.click("check-continue");
    }

    private static long framesDecoded(Browser browser) {
        Map<String, Object> stats = browser.callStats();
        return stats == null ? 0 : ((Number) stats.get("framesDecoded")).longValue();
    }

    @Test
    void patientChecksWaitsIsLetInAndBothSeeEachOtherUntilHangingUp() {
        String session = server.bookSession();
        try (var patient = Browser.start(390, 844); var therapist = Browser.start()) {
            patient.open(joinUrl("", server.link(session, "patient-1")));
            patient.visible("screen-check");
            patient.waitUntilText("check-network-result", text -> !text.endsWith("…"));
            assertThat(patient.text("check-media-result")).isEqualTo("Kameran och mikrofonen fungerar.");
            assertThat(patient.text("check-network-result")).as("TURN answered with samtal's credentials")
                    .isEqualTo("Nätverket fungerar, också genom vårdens server för svåra nätverk.");
            assertThat(patient.seriousAccessibilityViolations()).as("check screen").isEmpty();
            assertThat(patient.isShown("recording-bar")).as("a visit that cannot be recorded has no recording indicator").isFalse();
            passTheCheck(patient, "1-check");

            patient.visible("screen-waiting");
            assertThat(patient.text("waiting-heading")).isEqualTo("Du är i väntrummet");
            assertThat(patient.seriousAccessibilityViolations()).as("waiting room").isEmpty();
            patient.screenshot("2-waiting-room");

            therapist.open(joinUrl("", server.link(session, "therapist-1")));
            passTheCheck(therapist, null);
            therapist.visible("screen-call");
            therapist.visible("host-panel");
            patient.waitUntilText("waiting-host", text -> text.contains("är här"));
            var admit = therapist.waitUntilText("host-waiting", text -> text.contains("Patient Pim"));
            assertThat(admit.getText()).contains("Släpp in");
            therapist.screenshot("3-therapist-sees-waiting-patient");
            therapist.clickCss("#host-waiting button");

            patient.visible("screen-call");
            await().atMost(MEDIA).until(() -> framesDecoded(patient) > 0 && framesDecoded(therapist) > 0);
            assertThat(patient.callStats().get("state")).isEqualTo("connected");
            assertThat(patient.callStats().get("polite")).isNotEqualTo(therapist.callStats().get("polite"));
            assertThat(therapist.text("remote-label")).isEqualTo("Patient Pim");
            assertThat(patient.text("remote-label")).isEqualTo("Terapeut Tove");
            assertThat(therapist.seriousAccessibilityViolations()).as("call screen with the therapist's panel").isEmpty();
            assertThat(patient.seriousAccessibilityViolations()).as("call screen").isEmpty();
            patient.screenshot("4-call-patient-phone");
            patient.script("document.documentElement.style.fontSize = '200%'");
            assertThat(patient.overflowsSideways()).as("text at 200% on a phone fits without sideways scrolling").isFalse();
            patient.screenshot("4b-call-patient-phone-text-200");
            patient.script("document.documentElement.style.fontSize = ''");
            therapist.screenshot("5-call-therapist");

            patient.click("toggle-camera");
            therapist.visible("remote-camera-off");
            assertThat(therapist.text("remote-camera-off")).isEqualTo("Patient Pim har stängt av kameran");
            therapist.screenshot("6-patient-camera-off");

            patient.click("hang-up");
            patient.waitUntilText("status", text -> text.equals("Du har lämnat samtalet. Du kan stänga sidan."));
            assertThat(patient.isShown("recording-bar")).as("no recording indicator after the visit").isFalse();
            therapist.visible("remote-empty");
            await().atMost(MEDIA).until(() -> therapist.callStats() == null);
            therapist.screenshot("7-after-hang-up");
        }
    }

    @Test
    void theCallWorksWithEveryPacketThroughTurnUsingSamtalsCredentials() {
        String session = server.bookSession();
        try (var patient = Browser.start(); var therapist = Browser.start()) {
            therapist.open(joinUrl("?ice=relay", server.link(session, "therapist-1")));
            passTheCheck(therapist, null);
            therapist.visible("screen-call");
            patient.open(joinUrl("?ice=relay", server.link(session, "patient-1")));
            passTheCheck(patient, null);
            patient.visible("screen-waiting");
            therapist.waitUntilText("host-waiting", text -> text.contains("Patient Pim"));
            therapist.clickCss("#host-waiting button");

            await().atMost(MEDIA).until(() -> framesDecoded(patient) > 0 && framesDecoded(therapist) > 0);
            assertThat(patient.callStats().get("localCandidateType")).isEqualTo("relay");
            assertThat(therapist.callStats().get("localCandidateType")).isEqualTo("relay");
            patient.screenshot("8-call-through-turn");
        }
    }

    @Test
    void aPageThatCannotOpenTheVisitSaysWhyWithoutAnEmptyRecordingIndicatorAndHasAnIcon() {
        try (var browser = Browser.start()) {
            browser.open(server.baseUri() + "/join#not-a-token");
            browser.waitUntilText("status", text -> text.equals("Något gick fel. Försök igen eller kontakta din vårdgivare."));
            assertThat(browser.isShown("recording-bar")).as("no recording indicator on an error page").isFalse();
            browser.screenshot("9-error-page");

            String icon = String.valueOf(browser.script("return document.querySelector('link[rel=icon]').href"));
            assertThat(status(browser, icon)).as("the page's icon").isEqualTo(200);
            assertThat(status(browser, server.baseUri() + "/favicon.ico")).as("/favicon.ico, which browsers ask for").isEqualTo(200);
        }
        var favicon = server.get("/favicon.ico");
        assertThat(favicon.raw().headers().firstValue("Content-Type")).hasValue("image/x-icon");
    }

    @Test
    void theDemoShowsEachPersonsNameAndRoleOnce() {
        try (var demo = TestServer.start(config -> {
            config.put("demo", true);
            TestServer.tenant(config).put("id", "demo");
        }); var therapist = Browser.start()) {
            var created = demo.api("POST", "/demo/session", null, null);
            assertThat(created.status()).isEqualTo(201);
            String therapistUrl = created.body().get("therapistUrl").asText();
            String patientUrl = created.body().get("patientUrl").asText();
            therapist.open(therapistUrl.replaceFirst("^https?://[^/]+", demo.baseUri().toString()));
            passTheCheck(therapist, null);
            therapist.visible("screen-call");
            try (var patient = demo.join(patientUrl.substring(patientUrl.indexOf('#') + 1))) {
                var waiting = therapist.waitUntilText("host-waiting", text -> text.contains("Patient"));
                assertThat(waiting.getText()).startsWith("Pim Berg — Patient, ").doesNotContain("Patient Pim");
                assertThat(therapist.text("host-participants")).startsWith("Tove Lind (du) — Behandlare, ");
                therapist.screenshot("10-demo-names");
            }
        }
    }

    /** The HTTP status of a GET from the page (as the browser itself would ask). */
    private static long status(Browser browser, String url) {
        return (Long) browser.driver().executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0]).then((r) => done(r.status), () => done(-1));", url);
    }
}
