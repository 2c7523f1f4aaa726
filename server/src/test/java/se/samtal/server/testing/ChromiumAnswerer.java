package se.samtal.server.testing;

import java.net.URI;
import java.util.Map;

/**
 * Real Chromium answering the offers samtal writes for calls through the bridge, for tests whose
 * participants are protocol clients: one page, one RTCPeerConnection per participant and
 * connection to the bridge (as each participant's browser would have), the fake camera and
 * microphone on sections 0 and 1, and the answer as the browser writes it. An offer Chromium
 * refuses fails the test.
 */
public final class ChromiumAnswerer implements AutoCloseable {
    private static final String SETUP = """
            window.pcs = {};
            window.media = null;
            window.answerFor = async (key, sdp) => {
              window.media ??= await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 160, height: 120, frameRate: 5 } });
              const pc = (window.pcs[key] ??= new RTCPeerConnection({ bundlePolicy: 'max-bundle' }));
              await pc.setRemoteDescription({ type: 'offer', sdp });
              const own = pc.getTransceivers().filter((t) => t.mid === '0' || t.mid === '1').sort((a, b) => a.mid - b.mid);
              await own[0].sender.replaceTrack(window.media.getAudioTracks()[0]);
              own[0].direction = 'sendrecv';
              await own[1].sender.replaceTrack(window.media.getVideoTracks()[0]);
              own[1].direction = 'sendrecv';
              await pc.setLocalDescription(await pc.createAnswer());
              await new Promise((resolve) => {
                if (pc.iceGatheringState === 'complete') { resolve(); return; }
                const timer = setTimeout(resolve, 1500);
                pc.addEventListener('icegatheringstatechange', () => {
                  if (pc.iceGatheringState === 'complete') { clearTimeout(timer); resolve(); }
                });
              });
              return pc.localDescription.sdp;
            };
            window.forget = (key) => { window.pcs[key]?.close(); delete window.pcs[key]; };
            """;

    private final Browser browser;

    private ChromiumAnswerer(Browser browser) {
        this.browser = browser;
    }

    /** Chromium on a page of {@code origin} (a secure context on loopback, so camera and microphone may be used). */
    public static ChromiumAnswerer start(URI origin) {
        var browser = Browser.start(800, 600);
        browser.open(origin.resolve("/healthz"));
        browser.script(SETUP);
        return new ChromiumAnswerer(browser);
    }

    /**
     * The answer Chromium gives {@code offerSdp} on the connection {@code key} (participant and
     * epoch: a new epoch is a new connection, as in a browser).
     *
     * @throws AssertionError if Chromium refused the offer
     */
    public String answer(String key, String offerSdp) {
        Object result = browser.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                window.answerFor(arguments[0], arguments[1]).then((sdp) => done({ sdp }), (e) => done({ error: String(e) }));
                """, key, offerSdp);
        @SuppressWarnings("unchecked")
        var outcome = (Map<String, Object>) result;
        if (outcome.get("error") != null) {
            throw new AssertionError("Chromium refused samtal's offer: " + outcome.get("error") + "\n" + offerSdp);
        }
        return (String) outcome.get("sdp");
    }

    /** Closes the connection {@code key}. */
    public void forget(String key) {
        browser.script("window.forget(arguments[0])", key);
    }

    @Override
    public void close() {
        browser.close();
    }
}
