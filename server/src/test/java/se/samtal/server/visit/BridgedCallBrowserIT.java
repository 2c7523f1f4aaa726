package se.samtal.server.visit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import se.samtal.server.testing.Browser;
import se.samtal.server.testing.TestServer;
import se.samtal.videobridge.testing.FakeVideobridge;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samtal.server.visit.BrowserCalls.MEDIA;
import static se.samtal.server.visit.BrowserCalls.framesDecoded;
import static se.samtal.server.visit.BrowserCalls.joinUrl;
import static se.samtal.server.visit.BrowserCalls.passTheCheck;
import static se.samtal.server.visit.BrowserCalls.stats;

/**
 * The visit page in a call that moves to the video bridge and back, in real Chromium, against a
 * bridge double that keeps the real bridge's Colibri2 rules and serves its bridge channel (it
 * carries no media): when a third comes in, the two already in stay on the call screen with their
 * tiles while the page answers samtal's offers and asks the bridge channel for video (and for none
 * on sound only); the speaker the bridge names is highlighted; a bridge that dies, with no other to
 * move to, is said plainly; back to two, the pair sees each other again on a peer connection of their
 * own.
 */
class BridgedCallBrowserIT {
    private static FakeVideobridge bridge;
    private static TestServer server;

    @BeforeAll
    static void start() {
        bridge = FakeVideobridge.start("jvb-1");
        server = TestServer.start(config -> {
            config.putObject("videobridge").put("healthInterval", "1s").putArray("bridges")
                    .addObject().put("id", "jvb-1").put("url", bridge.restUrl().toString());
            // Without a bridge a call of three would fall back to a mesh; here it cannot.
            TestServer.tenant(config).putObject("policy").put("maxInMesh", 2);
        });
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (bridge != null) {
            bridge.close();
        }
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void aCallMovesToTheBridgeAndBackWithoutAnyoneLeavingIt() {
        String session = book();
        try (var therapist = Browser.start(1280, 900); var patient = Browser.start(800, 700);
             var interpreter = Browser.start(800, 700)) {
            passTheCheck(therapist, joinUrl(server, server.link(session, "therapist-1")));
            passTheCheck(patient, joinUrl(server, server.link(session, "patient-1")));
            therapist.waitUntilText("host-waiting", text -> text.contains("Pim"));
            therapist.clickCss("#host-waiting button");
            await().atMost(MEDIA).until(() -> framesDecoded(patient) > 0 && framesDecoded(therapist) > 0);
            assertThat(stats(patient).get("topology")).isEqualTo("p2p");

            // A third comes in: everyone moves to the bridge, and stays in the call.
            passTheCheck(interpreter, joinUrl(server, server.link(session, "interpreter-1")));
            for (Browser browser : List.of(therapist, patient, interpreter)) {
                browser.await(MEDIA, d -> "bridge".equals(stats(browser).get("topology"))
                        && stats(browser).get("answersTaken") instanceof Number n && n.longValue() > 0);
                browser.await(d -> browser.all("#tiles .tile").size() == 2);
                assertThat(browser.isShown("screen-call")).isTrue();
                // The double carries no media: the page says it is connecting, and nothing worse.
                browser.await(d -> browser.isShown("call-banner") && browser.text("call-banner").startsWith("Kopplar"));
            }
            assertThat(therapist.texts("#tiles .who")).containsExactlyInAnyOrder("Pim", "Ali");
            therapist.screenshot("b1-therapist-call-through-the-bridge");

            // The bridge channel: video is asked for, and none on sound only.
            String patientId = participantIdOf(therapist, "Pim");
            String interpreterId = participantIdOf(therapist, "Ali");
            await().atMost(MEDIA).until(() -> bridge.channelMessages(patientId).stream()
                    .anyMatch(m -> m.contains("ReceiverVideoConstraints") && m.contains("\"lastN\":-1")));
            patient.click("toggle-audio-only");
            await().atMost(MEDIA).until(() -> bridge.channelMessages(patientId).stream()
                    .anyMatch(m -> m.contains("ReceiverVideoConstraints") && m.contains("\"lastN\":0")));
            patient.click("toggle-audio-only");

            // The bridge names the speaker.
            String meeting = bridge.conferences().keySet().iterator().next();
            therapist.await(MEDIA, d -> {
                bridge.dominantSpeaker(meeting, interpreterId);
                return "Ali".equals(therapist.script(
                        "return document.querySelector('#tiles .tile.speaking .who')?.textContent ?? null"));
            });

            // The bridge dies, there is no other and three are too many for a mesh here: the page says
            // so plainly, and nobody leaves.
            bridge.kill();
            for (Browser browser : List.of(therapist, patient, interpreter)) {
                browser.await(MEDIA, d -> browser.text("call-banner").startsWith("Gruppsamtalet går inte att koppla upp just nu."));
                assertThat(browser.all("#tiles .tile")).hasSize(2);
                assertThat(browser.all("#tiles .tile.speaking")).as("a speaker named by a bridge that is gone").isEmpty();
            }
            patient.screenshot("b2-patient-no-bridge");

            // Back to two: a peer connection of their own, and they see each other again.
            interpreter.click("hang-up");
            for (Browser browser : List.of(therapist, patient)) {
                await().atMost(MEDIA).until(() -> "p2p".equals(stats(browser).get("topology")) && framesDecoded(browser) > 0);
                browser.await(d -> browser.all("#tiles .tile").size() == 1);
                browser.await(Duration.ofSeconds(30), d -> !browser.isShown("call-banner"));
            }
            assertThat(patient.text("remote-label")).isEqualTo("Tove");
        }
    }

    private static String book() {
        Instant now = server.now().truncatedTo(ChronoUnit.SECONDS);
        var body = Map.of("kind", "video", "title", "Uppföljning med tolk",
                "scheduledStart", now.toString(), "scheduledEnd", now.plus(1, ChronoUnit.HOURS).toString(),
                "participants", List.of(
                        Map.of("ref", "therapist-1", "role", "therapist", "name", "Tove"),
                        Map.of("ref", "patient-1", "role", "patient", "name", "Pim"),
                        Map.of("ref", "interpreter-1", "role", "interpreter", "name", "Ali")));
        var response = server.api("POST", "/api/v1/sessions", body);
        assertThat(response.status()).as(response.raw().body()).isEqualTo(201);
        return response.body().get("id").asText();
    }

    private static String participantIdOf(Browser browser, String name) {
        Object id = browser.await(MEDIA, d -> browser.script(
                "return [...document.querySelectorAll('#tiles .tile')].find((t) => t.querySelector('.who').textContent === arguments[0])"
                        + "?.dataset.participant ?? null", name));
        return String.valueOf(id);
    }
}
