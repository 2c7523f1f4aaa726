package se.samtal.server.chat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.Stage;
import se.samtal.server.testing.Browser;
import se.samtal.server.testing.TestServer;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static se.samtal.server.testing.ChatTesting.PATIENT;
import static se.samtal.server.testing.ChatTesting.THERAPIST;
import static se.samtal.server.testing.ChatTesting.await;
import static se.samtal.server.testing.ChatTesting.link;
import static se.samtal.server.testing.ChatTesting.send;
import static se.samtal.server.testing.ChatTesting.subscribe;

/** The conversation page in real headless Chromium, with the therapist on the Java client. */
class ChatBrowserIT {
    private static final String XSS = "<img src=x onerror=alert(1)>";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String conversation(String therapistName) {
        var body = Map.of("title", "Uppföljning", "replyWithin", Map.of("amount", 2, "unit", "workdays"),
                "members", List.of(Map.of("ref", PATIENT, "role", "patient", "name", "Patient Pim"),
                        Map.of("ref", THERAPIST, "role", "therapist", "name", therapistName)));
        return server.api("POST", "/api/v1/conversations", body).body().get("id").asText();
    }

    /** Opens the conversation page as the member {@code ref}, with a link minted as the platform would. */
    private static void openAs(Browser browser, TestServer on, String id, String ref) {
        browser.open(on.baseUri() + "/conversation#" + link(on, id, ref));
    }

    @Test
    void messagesAndNamesAreShownAsTextNeverRunAsHtml() {
        String id = conversation("Tove <b>Lind</b>");
        SamtalConnection therapist = server.join(link(server, id, THERAPIST));
        send(therapist, XSS);
        send(therapist, "Andra raden\n<script>alert(2)</script>");

        try (var browser = Browser.start()) {
            openAs(browser, server, id, PATIENT);
            browser.await(d -> browser.all(".chat-log .chat-msg").size() == 2);

            assertThat(browser.texts(".chat-log .chat-text")).containsExactly(XSS, "Andra raden\n<script>alert(2)</script>");
            assertThat(browser.all(".chat-log img")).as("no element was made from a message").isEmpty();
            assertThat(browser.all(".chat-log script, .chat-log b")).isEmpty();
            assertThat(browser.texts(".chat-log .chat-who")).allSatisfy(who -> assertThat(who).contains("Tove <b>Lind</b>"));
            assertThatThrownBy(() -> browser.driver().switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
            browser.screenshot("conversation-patient-xss");
        }
        therapist.close();
    }

    @Test
    void aPatientReadsSeesWhatToExpectAndAnswersAndTheTherapistSeesItReadAndAnswered() throws Exception {
        String id = conversation("Terapeut Tove");
        SamtalConnection therapist = server.join(link(server, id, THERAPIST));
        subscribe(therapist, null);
        send(therapist, "Hur har veckan varit?");

        try (var browser = Browser.start()) {
            openAs(browser, server, id, PATIENT);
            browser.await(d -> browser.all(".chat-log .chat-msg").size() == 1);
            assertThat(browser.texts(".chat-expect-reply")).containsExactly("Vi svarar inom 2 vardagar.");
            assertThat(browser.texts(".chat-urgent")).singleElement().asString().contains("112", "1177");
            assertThat(browser.driver().getCurrentUrl()).as("the token leaves the address bar").doesNotContain("#");

            var receipt = therapist.awaitEvent(ServerMessage.ChatReceipt.class, r -> r.readSeq() >= 1, Duration.ofSeconds(10));
            assertThat(receipt).as("the open page marks the message read").isNotNull();

            var input = browser.one(".chat-input");
            input.sendKeys("Bättre, tack.");
            input.sendKeys(Keys.SHIFT, Keys.ENTER);
            input.sendKeys("Jag sover längre nu.", Keys.ENTER);
            var answer = therapist.awaitEvent(ServerMessage.ChatMessage.class, m -> true, Duration.ofSeconds(10));
            assertThat(answer.message().text()).isEqualTo("Bättre, tack.\nJag sover längre nu.");
            browser.await(d -> browser.all(".chat-log .chat-msg.mine:not(.pending)").size() == 1);

            send(therapist, "Vad bra att höra.");
            browser.await(d -> browser.all(".chat-log .chat-msg").size() == 3);
            browser.await(d -> browser.one(".chat-log .chat-msg.mine .chat-status").getText().startsWith("Läst av Terapeut Tove"));
            browser.await(d -> !browser.one("#unread").isDisplayed()); // read at once while the page is open
            var read = therapist.awaitEvent(ServerMessage.ChatReceipt.class, r -> r.readSeq() >= 3, Duration.ofSeconds(10));
            assertThat(read).isNotNull();
            browser.screenshot("conversation-patient");

            browser.one("#language").click();
            browser.await(d -> browser.one(".chat-expect-reply").getText().equals("We answer within 2 working days."));
            browser.screenshot("conversation-patient-english");
        }
        try (var browser = Browser.start()) {
            openAs(browser, server, id, THERAPIST);
            browser.await(d -> browser.all(".chat-log .chat-msg").size() == 3);
            assertThat(browser.one("body").getAttribute("data-role")).isEqualTo("therapist");
            browser.screenshot("conversation-therapist");
        }
        therapist.close();
    }

    @Test
    void aMessageWrittenWhileTheServerIsDownIsSentOnceWhenItIsBack() throws Exception {
        Path data = Files.createTempDirectory("samtal-restart");
        TestServer first = TestServer.start(data, false, config -> { });
        int port = first.server().port();
        String id;
        try {
            id = first.api("POST", "/api/v1/conversations", Map.of("members", List.of(
                    Map.of("ref", PATIENT, "role", "patient"), Map.of("ref", THERAPIST, "role", "therapist"))))
                    .body().get("id").asText();
        } catch (RuntimeException e) {
            first.close();
            throw e;
        }
        try (var browser = Browser.start()) {
            openAs(browser, first, id, PATIENT);
            browser.await(d -> browser.all(".chat-empty").size() == 1
                    && browser.one(".chat-empty").getText().equals("Inga meddelanden än."));
            first.close();
            browser.await(d -> browser.one("#status").getText().startsWith("Anslutningen bröts"));

            browser.one(".chat-input").sendKeys("Skrivet medan servern var borta.", Keys.ENTER);
            browser.await(d -> browser.all(".chat-log .chat-msg.pending").size() == 1);
            try (TestServer second = TestServer.start(data, true, config -> ((ObjectNode) config.get("http")).put("port", port))) {
                browser.await(Duration.ofSeconds(30), d -> browser.all(".chat-log .chat-msg.mine:not(.pending)").size() == 1);
                SamtalConnection therapist = second.join(link(second, id, THERAPIST));
                assertThat(subscribe(therapist, null).messages()).extracting(m -> m.text())
                        .containsExactly("Skrivet medan servern var borta.");
                therapist.close();
            }
        }
    }

    /**
     * Before the page's scripts run: requests time out after 2 s, and the page's first chat.send is
     * stored by the server but answered {@code outcome_unknown} (as when Redis stopped between the
     * write and its answer), its second gets no answer at all. Every chat.send's key is kept in
     * {@code window.samtalChatSends}.
     */
    private static final String LOSE_TWO_ANSWERS = """
            window.SAMTAL_REQUEST_TIMEOUT_MS = 2000;
            window.samtalChatSends = [];
            const hidden = new Map();
            const send = WebSocket.prototype.send;
            WebSocket.prototype.send = function (data) {
              const m = JSON.parse(data);
              if (m.type === 'chat.send') {
                window.samtalChatSends.push(m.idempotencyKey);
                const n = window.samtalChatSends.length;
                if (n <= 2) {
                  hidden.set(m.id, n === 1 ? 'unknown' : 'silent');
                }
              }
              return send.call(this, data);
            };
            const listen = WebSocket.prototype.addEventListener;
            WebSocket.prototype.addEventListener = function (type, listener, options) {
              if (type !== 'message') {
                return listen.call(this, type, listener, options);
              }
              return listen.call(this, type, (event) => {
                const m = JSON.parse(event.data);
                const how = m.id != null ? hidden.get(m.id) : undefined;
                if (how) {
                  hidden.delete(m.id);
                  if (how === 'silent') {
                    return;
                  }
                  listener(new MessageEvent('message', { data: JSON.stringify(
                      { type: 'error', id: m.id, code: 'outcome_unknown', message: 'unknown' }) }));
                  return;
                }
                listener(event);
              }, options);
            };
            """;

    @Test
    void aMessageWhoseOutcomeIsUnknownIsSentAgainWithItsKeyAndShownOnceAsSent() throws Exception {
        String id = conversation("Terapeut Tove");
        SamtalConnection therapist = server.join(link(server, id, THERAPIST));
        subscribe(therapist, null);
        try (var browser = Browser.start()) {
            browser.driver().executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", LOSE_TWO_ANSWERS));
            openAs(browser, server, id, PATIENT);
            browser.await(d -> browser.all(".chat-empty").size() == 1);

            browser.one(".chat-input").sendKeys("Kom det fram?", Keys.ENTER);
            var arrived = therapist.awaitEvent(ServerMessage.ChatMessage.class, m -> true, Duration.ofSeconds(10));
            assertThat(arrived.message().text()).isEqualTo("Kom det fram?");
            // Answered "unknown", then nothing: the page never says "not sent", and asks again with the same key.
            browser.await(Duration.ofSeconds(30), d -> browser.all(".chat-log .chat-msg.mine:not(.pending)").size() == 1);
            @SuppressWarnings("unchecked")
            List<Object> sends = (List<Object>) browser.driver().executeScript("return window.samtalChatSends;");
            assertThat(sends).hasSize(3).containsOnly(sends.getFirst());
            assertThat(browser.all(".chat-log .chat-msg")).hasSize(1);
            assertThat(browser.one(".chat-error").getText()).isEmpty();
            assertThat(browser.one(".chat-input").getAttribute("value")).as("nothing handed back as unsent").isEmpty();
            assertThat(therapist.awaitEvent(ServerMessage.ChatMessage.class, m -> true, Duration.ofSeconds(2)))
                    .as("stored once, sent to the other side once").isNull();
        }
        therapist.close();
    }

    @Test
    void aNewcomerOpensADemoConversationFromTheDemoPageAndIsToldWhenTheClinicIsOpen() {
        try (var demo = TestServer.start(config -> {
            config.put("demo", true);
            TestServer.tenant(config).put("id", "demo");
        }); var browser = Browser.start()) {
            browser.open(demo.baseUri() + "/demo");
            browser.one("#create-conversation").click();
            browser.await(d -> browser.one("#conversation-links").isDisplayed());
            assertThat(browser.one("#conversation-status").getText()).isEqualTo("Demokonversationen är skapad.");
            browser.screenshot("demo-page");
            String patientUrl = browser.one("#conversation-patient-link").getAttribute("href");
            assertThat(patientUrl).contains("/conversation#");

            browser.open(patientUrl);
            browser.await(d -> browser.all(".chat-empty").size() == 1 && browser.one(".chat-empty").getText().equals("Inga meddelanden än."));
            String staffing = String.join("", browser.texts(".chat-expect-open, .chat-expect-closed"));
            // Staffed weekdays 08–16 in Stockholm; the opening time is given in the clinic's own time.
            assertThat(staffing).matches("Mottagningen är öppen nu\\."
                    + "|Mottagningen är stängd just nu\\. Vi läser meddelanden igen (i dag|i morgon|[a-zåäö]+dag) 08:00\\.");
            assertThat(browser.texts(".chat-expect-reply")).containsExactly("Vi svarar inom 2 vardagar.");
            browser.screenshot("demo-conversation-patient");
        }
    }

    @Test
    void theCallPageShowsTheSessionChatOnlyToThoseLetIn() throws Exception {
        String session = server.bookSession();
        SamtalConnection therapist = server.join(server.link(session, "therapist-1"));
        subscribe(therapist, null);
        send(therapist, "Jag kommer om en minut.");
        try (var browser = Browser.start()) {
            browser.open(server.baseUri() + "/join#" + server.link(session, "patient-1"));
            browser.visible("screen-check");
            browser.waitUntilText("check-network-result", text -> !text.isBlank() && !text.endsWith("…"));
            browser.click("check-continue");
            browser.visible("screen-waiting");
            assertThat(browser.all("#chat-panel .chat-log")).as("no chat from the waiting room").isEmpty();

            var waiting = therapist.awaitEvent(ServerMessage.Presence.class,
                    p -> p.participant().role() == se.samtal.protocol.Role.PATIENT && p.participant().stage() == Stage.WAITING,
                    Duration.ofSeconds(10));
            String patientId = waiting.participant().participantId();
            await(therapist.request(id -> new ClientMessage.Admit(id, patientId)));

            // The booking expected the patient, so what the therapist wrote before they came is there.
            browser.visible("chat-panel");
            browser.await(d -> browser.texts("#chat-panel .chat-log .chat-text").equals(java.util.List.of("Jag kommer om en minut.")));
            browser.one("#chat-panel .chat-input").sendKeys("Ljudet är bra.", Keys.ENTER);
            var answer = therapist.awaitEvent(ServerMessage.ChatMessage.class, m -> true, Duration.ofSeconds(10));
            assertThat(answer.message().text()).isEqualTo("Ljudet är bra.");
            assertThat(answer.message().sender().role()).isEqualTo(se.samtal.protocol.Role.PATIENT);
            browser.screenshot("session-chat-in-call");

            await(therapist.request(id -> new ClientMessage.SendBack(id, patientId)));
            browser.visible("screen-waiting");
            browser.await(d -> !d.findElement(org.openqa.selenium.By.id("chat-panel")).isDisplayed());
        }
        therapist.close();
    }
}
