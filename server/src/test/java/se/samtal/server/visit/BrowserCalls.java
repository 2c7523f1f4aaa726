package se.samtal.server.visit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import se.samtal.server.testing.Browser;
import se.samtal.server.testing.TestServer;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import static org.awaitility.Awaitility.await;

/** Steps of a video visit in real Chromium, shared by the browser tests of the call. */
final class BrowserCalls {
    /** How long media may take to flow (two Chromiums encoding video on a shared machine). */
    static final Duration MEDIA = Duration.ofSeconds(60);

    private BrowserCalls() {
    }

    /** A place is kept 30 s after a drop, as in production (the base test config has 2 s). */
    static Consumer<ObjectNode> productionGrace() {
        return config -> ((ObjectNode) config.get("presence")).put("reconnectGrace", "30s");
    }

    static URI joinUrl(TestServer server, String token) {
        return URI.create(server.baseUri() + "/join#" + token);
    }

    /** Opens the link and goes on from the check as soon as it can be gone on from. */
    static void passTheCheck(Browser browser, URI link) {
        browser.open(link);
        browser.visible("screen-check");
        browser.click("check-continue");
    }

    /** The therapist comes in, the patient waits and is let in, and video flows both ways. */
    static void intoTheCall(TestServer server, String session, Browser therapist, Browser patient) {
        passTheCheck(therapist, joinUrl(server, server.link(session, "therapist-1")));
        therapist.visible("screen-call");
        passTheCheck(patient, joinUrl(server, server.link(session, "patient-1")));
        patient.visible("screen-waiting");
        therapist.waitUntilText("host-waiting", text -> text.contains("Patient Pim"));
        therapist.clickCss("#host-waiting button");
        patient.visible("screen-call");
        await().atMost(MEDIA).until(() -> framesDecoded(patient) > 0 && framesDecoded(therapist) > 0);
    }

    /** What the page last said through its live region (visually hidden, so read as text content). */
    static String announced(Browser browser) {
        return String.valueOf(browser.script("return document.getElementById('announcer').textContent"));
    }

    /** The page's own read-out of its peer connection ({@code window.samtal.callStats()}); empty while there is none. */
    static Map<String, Object> stats(Browser browser) {
        Map<String, Object> stats = browser.callStats();
        return stats == null ? Map.of() : stats;
    }

    /** Video frames received and decoded on the current peer connection. */
    static long framesDecoded(Browser browser) {
        return number(stats(browser), "framesDecoded");
    }

    /** Video frames encoded to be sent on the current peer connection. */
    static long framesEncoded(Browser browser) {
        return number(stats(browser), "framesEncoded");
    }

    static long epoch(Browser browser) {
        return number(stats(browser), "epoch");
    }

    private static long number(Map<String, Object> stats, String key) {
        return stats.get(key) instanceof Number n ? n.longValue() : 0;
    }
}
