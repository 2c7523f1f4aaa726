package se.samtal.server.visit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samtal.server.testing.Browser;
import se.samtal.server.testing.TestServer;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samtal.server.visit.BrowserCalls.MEDIA;
import static se.samtal.server.visit.BrowserCalls.epoch;
import static se.samtal.server.visit.BrowserCalls.framesDecoded;
import static se.samtal.server.visit.BrowserCalls.intoTheCall;
import static se.samtal.server.visit.BrowserCalls.joinUrl;
import static se.samtal.server.visit.BrowserCalls.passTheCheck;

/**
 * A call that is interrupted comes back by itself, in real Chromium: a reload (F5) or the link
 * pasted into the same tab returns to the call without a new check; a peer connection that does
 * not get through recovers and says so; after a network cut the page reconnects as soon as the
 * browser says the network is back. Places are kept for 30 s after a drop, as in production.
 */
class BrowserCallRecoveryIT {
    /** Notes in {@code window.checkShown} whether this page ever showed the device check. */
    private static final String CHECK_WATCH = """
            document.addEventListener('readystatechange', () => {
              if (document.readyState !== 'interactive') return;
              const check = document.getElementById('screen-check');
              window.checkShown = !check.hidden;
              new MutationObserver(() => { window.checkShown ||= !check.hidden; })
                .observe(check, { attributes: true, attributeFilter: ['hidden'] });
            });
            """;

    /** Loses every signal this page sends for the first epoch it signals in (as if never relayed). */
    private static final String LOSE_FIRST_EPOCH = """
            (() => {
              const send = WebSocket.prototype.send;
              let first = null;
              window.signalsLost = 0;
              WebSocket.prototype.send = function (data) {
                try {
                  const message = JSON.parse(data);
                  if (message.type === 'signal') {
                    first ??= message.epoch;
                    if (message.epoch === first) {
                      window.signalsLost++;
                      return;
                    }
                  }
                } catch (e) {
                  // not ours
                }
                return send.call(this, data);
              };
            })();
            """;

    /**
     * Counts the WebSockets the page opens (the newest is {@code window.newestSocket}); while
     * {@code window.networkCut} is set, new ones go nowhere (a closed port), as with no network.
     * Notes in {@code window.reconnectedOnOnline} whether the page opened one while handling the
     * browser's {@code online} event (this listener runs first; the note is taken once every
     * listener has run).
     */
    private static final String SOCKET_WATCH = """
            (() => {
              const Socket = window.WebSocket;
              window.socketsOpened = 0;
              window.networkCut = false;
              window.WebSocket = class extends Socket {
                constructor(url, ...rest) {
                  super(window.networkCut ? 'ws://127.0.0.1:39/' : url, ...rest);
                  window.socketsOpened++;
                  window.newestSocket = this;
                }
              };
              window.addEventListener('online', () => {
                const before = window.socketsOpened;
                setTimeout(() => { window.reconnectedOnOnline = window.socketsOpened > before; }, 0);
              });
            })();
            """;

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
    void aReloadMidCallIsBackInTheCallWithinThreeSecondsWithoutANewCheckAndSoIsThePastedLink() {
        String session = server.bookSession();
        URI patientLink = joinUrl(server, server.link(session, "patient-1"));
        try (var therapist = Browser.start(); var patient = Browser.start()) {
            patient.beforeEveryPage(CHECK_WATCH);
            passTheCheck(therapist, joinUrl(server, server.link(session, "therapist-1")));
            passTheCheck(patient, patientLink);
            therapist.waitUntilText("host-waiting", text -> text.contains("Patient Pim"));
            therapist.clickCss("#host-waiting button");
            await().atMost(MEDIA).until(() -> framesDecoded(patient) > 0 && framesDecoded(therapist) > 0);
            assertThat(patient.script("return location.hash")).as("the link is gone from the address bar").isEqualTo("");

            long before = epoch(patient);
            Instant reloaded = Instant.now();
            patient.driver().navigate().refresh();
            backInTheCall(patient, before, reloaded);
            assertThat(patient.script("return window.checkShown")).as("no new device check after F5").isEqualTo(false);
            await().atMost(MEDIA).until(() -> epoch(therapist) == epoch(patient)
                    && framesDecoded(patient) > 0 && framesDecoded(therapist) > 0);
            patient.screenshot("c1-back-after-reload");

            // The same link pasted into the address bar of the tab: only the fragment changes.
            long reloadedEpoch = epoch(patient);
            Instant pasted = Instant.now();
            patient.open(patientLink);
            backInTheCall(patient, reloadedEpoch, pasted);
            assertThat(patient.script("return window.checkShown")).as("no new device check for the pasted link").isEqualTo(false);
            await().atMost(MEDIA).until(() -> epoch(therapist) == epoch(patient) && framesDecoded(patient) > 0);
        }
    }

    /** Waits, until three seconds after {@code since}, for the call screen with the therapist on a newer peer connection. */
    private static void backInTheCall(Browser patient, long epochBefore, Instant since) {
        Duration left = Duration.between(Instant.now(), since.plusSeconds(3));
        patient.await(left.isNegative() ? Duration.ZERO : left, d -> patient.isShown("screen-call")
                && patient.text("remote-label").equals("Terapeut Tove") && epoch(patient) > epochBefore);
    }

    @Test
    void aLinkPastedIntoATabThatSaysTheLinkIsMissingOpensTheVisit() {
        String session = server.bookSession();
        try (var patient = Browser.start()) {
            patient.open(server.baseUri() + "/join");
            patient.waitUntilText("status", text -> text.equals("Länken saknar inbjudan. Öppna länken du fick från vården igen."));
            assertThat(patient.isShown("recording-bar")).as("no recording indicator without a session").isFalse();
            patient.screenshot("c2-link-without-invitation");

            patient.open(joinUrl(server, server.link(session, "patient-1")));
            patient.visible("screen-check");
        }
    }

    @Test
    void aPeerConnectionThatDoesNotGetThroughRecoversWithANewEpochAndSaysSo() {
        String session = server.bookSession();
        try (var therapist = Browser.start(); var patient = Browser.start()) {
            patient.beforeEveryPage(LOSE_FIRST_EPOCH);
            passTheCheck(therapist, joinUrl(server, server.link(session, "therapist-1")));
            passTheCheck(patient, joinUrl(server, server.link(session, "patient-1")));
            therapist.waitUntilText("host-waiting", text -> text.contains("Patient Pim"));
            therapist.clickCss("#host-waiting button");
            patient.visible("screen-call");

            // Nothing the patient sends for the first epoch arrives: that peer connection cannot connect.
            for (Browser browser : new Browser[] {therapist, patient}) {
                browser.await(Duration.ofSeconds(30), d -> browser.isShown("call-banner")
                        && browser.text("call-banner").equals("Kopplar upp samtalet igen …"));
            }
            long stuckEpoch = epoch(patient);
            assertThat(((Number) patient.script("return window.signalsLost")).longValue()).isPositive();
            patient.screenshot("c3-connecting-again");

            await().atMost(MEDIA).until(() -> framesDecoded(patient) > 0 && framesDecoded(therapist) > 0);
            assertThat(epoch(patient)).as("a fresh peer connection, in a new epoch for both").isGreaterThan(stuckEpoch)
                    .isEqualTo(epoch(therapist));
            for (Browser browser : new Browser[] {therapist, patient}) {
                browser.await(d -> !browser.isShown("call-banner"));
            }
        }
    }

    @Test
    void afterANetworkCutThePageReconnectsAsSoonAsTheNetworkIsBack() {
        String session = server.bookSession();
        try (var therapist = Browser.start(); var patient = Browser.start()) {
            patient.beforeEveryPage(SOCKET_WATCH);
            intoTheCall(server, session, therapist, patient);

            // The cut: the connection to samtal drops (a code that is not "goodbye": a close without
            // one is answered with 1000, after which a client must not come back) and no new one
            // gets through. Then the browser says it is offline (Chromium's emulation: it fires
            // offline and online and fails new connections, but leaves an open WebSocket open, and
            // WebRTC alone).
            patient.script("window.networkCut = true; window.newestSocket.close(4999, 'network cut');");
            patient.waitUntilText("call-banner", text -> text.equals("Återansluter …"));
            patient.devTools("Network.enable", Map.of());
            patient.devTools("Network.emulateNetworkConditions", network(true));
            // Meanwhile the page keeps trying, backing off further each time.
            patient.await(Duration.ofSeconds(15), d -> ((Number) patient.script("return window.socketsOpened")).intValue() >= 5);
            patient.screenshot("c4-network-cut");

            patient.script("window.networkCut = false;");
            patient.devTools("Network.emulateNetworkConditions", network(false));
            patient.await(d -> Boolean.TRUE.equals(patient.script("return window.reconnectedOnOnline")));
            long epoch = epoch(therapist);
            long decoded = framesDecoded(therapist);
            for (Browser browser : new Browser[] {therapist, patient}) {
                browser.await(Duration.ofSeconds(30), d -> !browser.isShown("call-banner"));
            }
            // Video from the patient flows again (on the same peer connection, or on a fresh one).
            await().atMost(MEDIA).until(() -> epoch(therapist) == epoch
                    ? framesDecoded(therapist) > decoded : framesDecoded(therapist) > 0);
        }
    }

    private static Map<String, Object> network(boolean offline) {
        return Map.of("offline", offline, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1);
    }
}
