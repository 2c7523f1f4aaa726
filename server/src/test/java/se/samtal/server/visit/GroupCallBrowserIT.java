package se.samtal.server.visit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.Dimension;
import se.samtal.server.testing.Browser;
import se.samtal.server.testing.TestServer;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samtal.server.visit.BrowserCalls.MEDIA;
import static se.samtal.server.visit.BrowserCalls.joinUrl;
import static se.samtal.server.visit.BrowserCalls.passTheCheck;
import static se.samtal.server.visit.BrowserCalls.stats;

/**
 * A call of four in real Chromium, without a video bridge (a mesh: a peer connection between every
 * two): therapist, patient, interpreter and relative all see and hear each other, the tiles say who
 * is who and what they chose, arrivals are said with the person's role, the therapist's list says
 * what each sends; sound only stops video on every link; one leaves and the others go on, one
 * reloads and comes back. An observer receives and sends nothing; someone without a camera takes
 * part with sound.
 *
 * <p>Four Chromiums on a shared machine: the fake camera is asked for 320 × 240 at 15 frames a
 * second, and media get a minute.
 */
class GroupCallBrowserIT {
    /** Small video from the fake camera, to spare the machine. */
    private static final String SMALL_VIDEO = """
            (() => {
              const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
              navigator.mediaDevices.getUserMedia = (constraints) => open(constraints && constraints.video
                ? { ...constraints, video: { ...(constraints.video === true ? {} : constraints.video),
                    width: 320, height: 240, frameRate: 15 } }
                : constraints);
            })();
            """;

    /** A device without a camera (a clinic's meeting room joining as one participant): asking for video fails. */
    private static final String NO_CAMERA = """
            (() => {
              const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
              navigator.mediaDevices.getUserMedia = (constraints) => constraints && constraints.video
                ? Promise.reject(new DOMException('Requested device not found', 'NotFoundError'))
                : open(constraints);
            })();
            """;

    /** Keeps everything the page says through its live region in {@code window.announced}. */
    private static final String ANNOUNCEMENTS = """
            window.announced = [];
            document.addEventListener('DOMContentLoaded', () => {
              const region = document.getElementById('announcer');
              new MutationObserver(() => {
                if (region.textContent) window.announced.push(region.textContent);
              }).observe(region, { childList: true, characterData: true, subtree: true });
            });
            """;

    /** Finds the tile of the person whose name is the script's first argument. */
    private static final String TILE_OF =
            "const tile = [...document.querySelectorAll('#tiles .tile')].find((t) => t.querySelector('.who').textContent === arguments[0]);";

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(BrowserCalls.productionGrace());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES) // four Chromiums, several steps with a minute each for media
    void fourPeopleSeeAndHearEachOtherAndTheCallGoesOnAsPeopleComeAndGo() {
        String session = bookGroup();
        try (var therapist = browser(1280, 900); var patient = browser(390, 844); var interpreter = browser(800, 700);
             var relative = browser(800, 700)) {
            // A real phone's width (a window of 390 is wider inside headless Chromium).
            patient.driver().manage().window().setSize(new Dimension(390, 844));
            passTheCheck(therapist, link(session, "therapist-1"));
            therapist.visible("screen-call");
            passTheCheck(patient, link(session, "patient-1"));
            therapist.waitUntilText("host-waiting", text -> text.contains("Pim"));
            therapist.clickCss("#host-waiting button");
            patient.visible("screen-call");
            // An interpreter and a relative come in by themselves once a therapist is there.
            passTheCheck(interpreter, link(session, "interpreter-1"));
            interpreter.visible("screen-call");
            passTheCheck(relative, link(session, "relative-1"));
            relative.visible("screen-call");

            List<Browser> everyone = List.of(therapist, patient, interpreter, relative);
            for (Browser browser : everyone) {
                awaitMediaFromEveryone(browser, 3);
                assertThat(stats(browser).get("topology")).isEqualTo("mesh");
            }
            assertThat(names(patient)).containsExactlyInAnyOrder("Tove Behandlare", "Ali Tolk", "Maja Närstående");
            assertThat(names(therapist)).containsExactlyInAnyOrder("Pim Patient", "Ali Tolk", "Maja Närstående");
            patient.await(d -> announced(patient).contains("Tolken Ali har kommit in i samtalet."));
            patient.await(d -> announced(patient).contains("Närstående Maja har kommit in i samtalet."));
            assertThat(therapist.text("host-participants")).contains("Ali — Tolk, i samtalet, är här\nmikrofon på, kamera på");
            therapist.await(Duration.ofSeconds(30), d -> therapist.all("#tiles .tile.speaking").size() == 1);

            assertThat(therapist.seriousAccessibilityViolations()).as("a call of four, with the therapist's panel").isEmpty();
            assertThat(patient.seriousAccessibilityViolations()).as("a call of four on a phone").isEmpty();
            therapist.screenshot("g1-four-therapist-desktop");
            interpreter.screenshot("g2-four-interpreter");
            patient.screenshot("g3-four-patient-phone");
            patient.script("document.documentElement.style.fontSize = '200%'");
            assertThat(patient.overflowsSideways()).as("four people on a phone with text at 200 %").isFalse();
            patient.screenshot("g4-four-patient-phone-text-200");
            patient.script("document.documentElement.style.fontSize = ''");

            // Sound only: the patient's video stops going out on every link, and the others are told.
            interpreter.click("toggle-mic");
            patient.click("toggle-audio-only");
            for (Browser browser : List.of(therapist, interpreter, relative)) {
                browser.await(d -> tileNotes(browser, "Pim").contains("Bara ljud"));
            }
            therapist.await(d -> tileNotes(therapist, "Ali").contains("Mikrofonen är av"));
            assertThat(therapist.text("host-participants")).contains("Pim — Patient, i samtalet, är här\nbara ljud, mikrofon på")
                    .contains("Ali — Tolk, i samtalet, är här\nmikrofon av, kamera på");
            patient.await(d -> tileNotes(patient, "Tove").contains("Du har valt bara ljud"));
            // No video goes out from the patient, and none comes in: the counters stand still.
            awaitStill(() -> number(stats(patient), "framesEncoded") + number(stats(patient), "framesDecoded"));
            long encoded = number(stats(patient), "framesEncoded");
            assertThat(encoded).as("frames the patient encoded before sound only").isPositive();
            therapist.screenshot("g5-patient-on-sound-only-interpreter-muted");
            patient.click("toggle-audio-only");
            interpreter.click("toggle-mic");
            await().atMost(MEDIA).until(() -> number(stats(patient), "framesEncoded") > encoded);

            // The relative leaves: the three others go on, and are told.
            relative.click("hang-up");
            relative.waitUntilText("status", text -> text.startsWith("Du har lämnat samtalet."));
            for (Browser browser : List.of(therapist, patient, interpreter)) {
                browser.await(Duration.ofSeconds(30), d -> browser.all("#tiles .tile").size() == 2);
                Map<String, Long> before = decodedByParticipant(browser);
                await().atMost(MEDIA).until(() -> decodedByParticipant(browser).entrySet().stream()
                        .allMatch(e -> e.getValue() > before.getOrDefault(e.getKey(), 0L)) && decodedByParticipant(browser).size() == 2);
            }
            patient.await(d -> announced(patient).contains("Närstående Maja har lämnat samtalet."));

            // The interpreter reloads (F5) and is back with everyone, on fresh connections.
            interpreter.driver().navigate().refresh();
            interpreter.visible("screen-call");
            awaitMediaFromEveryone(interpreter, 2);
            for (Browser browser : List.of(therapist, patient)) {
                awaitMediaFromEveryone(browser, 2);
            }
            assertThat(names(interpreter)).containsExactlyInAnyOrder("Tove Behandlare", "Pim Patient");
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void anObserverSendsNothingAndSomeoneWithoutACameraTakesPartWithSound() {
        String session = bookGroup();
        try (var therapist = browser(1280, 900); var relative = browser(800, 700); var observer = browser(800, 700)) {
            relative.beforeEveryPage(NO_CAMERA);
            passTheCheck(therapist, link(session, "therapist-1"));
            relative.open(link(session, "relative-1"));
            relative.waitUntilText("check-media-result", text -> text.startsWith("Mikrofonen fungerar. Vi hittar ingen kamera"));
            relative.click("check-continue");
            relative.visible("screen-call");
            observer.open(link(session, "observer-1"));
            observer.waitUntilText("check-media-result", text -> text.startsWith("Du är med som observatör"));
            observer.click("check-continue");
            observer.visible("screen-call");

            // The observer sees the therapist, hears both, and sends nothing.
            await().atMost(MEDIA).pollInterval(Duration.ofSeconds(1)).until(() -> {
                var video = decodedByParticipant(observer);
                var sound = audioByParticipant(observer);
                return video.size() == 2 && video.values().stream().anyMatch(n -> n > 0)
                        && sound.size() == 2 && sound.values().stream().allMatch(n -> n > 0);
            });
            assertThat(number(stats(observer), "framesEncoded")).as("video the observer sent").isZero();
            assertThat(observer.isShown("toggle-mic")).as("an observer has no microphone to turn on").isFalse();
            // The relative without a camera sees the therapist and is heard.
            await().atMost(MEDIA).until(() -> decodedByParticipant(relative).values().stream().anyMatch(n -> n > 0));
            String relativeId = participantIdOf(therapist, "Maja");
            String observerId = participantIdOf(therapist, "Olle");
            await().atMost(MEDIA).until(() -> audioByParticipant(therapist).getOrDefault(relativeId, 0L) > 0);
            therapist.await(d -> tileNotes(therapist, "Maja").contains("Kameran är av"));
            therapist.await(d -> tileNotes(therapist, "Olle").contains("Observatör: syns och hörs inte"));
            assertThat(decodedByParticipant(therapist).get(observerId)).as("video from the observer").isZero();
            assertThat(audioByParticipant(therapist).get(observerId)).as("sound from the observer").isZero();
            assertThat(therapist.text("host-participants"))
                    .contains("Maja — Närstående, i samtalet, är här\nmikrofon på, kamera av")
                    .contains("Olle — Observatör, i samtalet, är här\nobserverar, sänder inget");
            therapist.screenshot("g6-therapist-with-observer-and-no-camera");
            observer.screenshot("g7-observer");
        }
    }

    private static Browser browser(int width, int height) {
        Browser browser = Browser.start(width, height);
        browser.beforeEveryPage(SMALL_VIDEO);
        browser.beforeEveryPage(ANNOUNCEMENTS);
        return browser;
    }

    /** A video visit with a therapist, a patient, an interpreter, a relative and an observer expected. */
    private static String bookGroup() {
        Instant now = server.now().truncatedTo(ChronoUnit.SECONDS);
        var body = Map.of("kind", "video", "title", "Uppföljning med tolk",
                "scheduledStart", now.toString(), "scheduledEnd", now.plus(1, ChronoUnit.HOURS).toString(),
                "participants", List.of(
                        Map.of("ref", "therapist-1", "role", "therapist", "name", "Tove"),
                        Map.of("ref", "patient-1", "role", "patient", "name", "Pim"),
                        Map.of("ref", "interpreter-1", "role", "interpreter", "name", "Ali"),
                        Map.of("ref", "relative-1", "role", "relative", "name", "Maja"),
                        Map.of("ref", "observer-1", "role", "observer", "name", "Olle")));
        var response = server.api("POST", "/api/v1/sessions", body);
        assertThat(response.status()).as(response.raw().body()).isEqualTo(201);
        return response.body().get("id").asText();
    }

    private static URI link(String session, String ref) {
        return joinUrl(server, server.link(session, ref));
    }

    /** Waits until video frames and sound have come from {@code others} people on this page. */
    private static void awaitMediaFromEveryone(Browser browser, int others) {
        await().atMost(MEDIA).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Map<String, Long> video = decodedByParticipant(browser);
            Map<String, Long> sound = audioByParticipant(browser);
            return video.size() == others && video.values().stream().allMatch(n -> n > 0)
                    && sound.size() == others && sound.values().stream().allMatch(n -> n > 0);
        });
    }

    /** Waits until a counter stands still for four seconds; returns where it stood. */
    private static long awaitStill(java.util.function.LongSupplier counter) {
        long[] last = {-1};
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(4)).until(() -> {
            long now = counter.getAsLong();
            boolean still = now == last[0];
            last[0] = now;
            return still;
        });
        return last[0];
    }

    private static Map<String, Long> decodedByParticipant(Browser browser) {
        return counts(stats(browser).get("byParticipant"));
    }

    private static Map<String, Long> audioByParticipant(Browser browser) {
        return counts(stats(browser).get("audioPacketsByParticipant"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> counts(Object map) {
        if (!(map instanceof Map<?, ?> values)) {
            return Map.of();
        }
        var result = new java.util.HashMap<String, Long>();
        ((Map<String, Object>) values).forEach((key, value) -> result.put(key, ((Number) value).longValue()));
        return result;
    }

    private static long number(Map<String, Object> stats, String key) {
        return stats.get(key) instanceof Number n ? n.longValue() : 0;
    }

    /** Each tile's name and role, as "Ali Tolk". */
    private static List<String> names(Browser browser) {
        return browser.texts("#tiles .tile .caption").stream().map(text -> text.replace(",", "").replaceAll("\\s+", " ").trim()).toList();
    }

    /** What the tile of the person called {@code name} says under their name. */
    private static String tileNotes(Browser browser, String name) {
        return String.valueOf(browser.script(TILE_OF + "return tile ? tile.querySelector('.notes').innerText : '';", name));
    }

    private static String participantIdOf(Browser browser, String name) {
        Object id = browser.await(MEDIA, d -> browser.script(TILE_OF + "return tile ? tile.dataset.participant : null;", name));
        return String.valueOf(id);
    }

    @SuppressWarnings("unchecked")
    private static List<String> announced(Browser browser) {
        return (List<String>) browser.script("return window.announced || []");
    }
}
