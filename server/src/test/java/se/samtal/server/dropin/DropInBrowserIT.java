package se.samtal.server.dropin;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;
import se.samtal.server.testing.Browser;
import se.samtal.server.testing.TestServer;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samtal.server.dropin.DropInTesting.comeBack;
import static se.samtal.server.dropin.DropInTesting.entry;
import static se.samtal.server.testing.ChatTesting.send;

/** The drop-in page in real headless Chromium; the care team answers on the Java client. */
class DropInBrowserIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(config -> {
            entry(config, "ung", 100, 100);
            entry(config, "once", 100, 1);
        });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String page(String entry) {
        return server.baseUri() + "/drop-in/" + entry;
    }

    @Test
    void aYoungPersonWritesClosesTheBrowserAndComesBackWithTheCodeInAnotherBrowserToTheAnswer() throws Exception {
        String code;
        try (var browser = Browser.start(390, 844)) {
            browser.open(page("ung"));
            browser.await(d -> browser.one("#start-card").isDisplayed());
            assertThat(browser.text("entry-title")).isEqualTo("Chatta med BUP");
            assertThat(browser.text("answered-by")).isEqualTo("Kuratorer på BUP");
            assertThat(browser.texts(".chat-expect-reply")).containsExactly("Vi svarar inom en vardag.");
            assertThat(browser.texts("#where-to-turn li")).anySatisfy(p -> assertThat(p).contains("BRIS", "116 111"));
            assertThat(browser.seriousAccessibilityViolations()).as("the drop-in page before writing").isEmpty();
            assertThat(browser.overflowsSideways()).as("fits a phone").isFalse();

            browser.one("#first-message").sendKeys("Jag har det jobbigt hemma.");
            browser.one("#start").click();
            browser.await(d -> browser.one("#code-card").isDisplayed() && !browser.text("my-code").isBlank());
            code = browser.text("my-code");
            assertThat(code).matches("[a-z]+(-[a-z]+){4}");
            browser.await(d -> browser.texts(".chat-log .chat-text").equals(java.util.List.of("Jag har det jobbigt hemma.")));
            assertThat(browser.driver().getCurrentUrl()).as("nothing about the person in the address").isEqualTo(page("ung"));
            assertThat(browser.seriousAccessibilityViolations()).as("the drop-in page in the conversation").isEmpty();
            browser.screenshot("drop-in-started");
        }

        var token = comeBack(server, "ung", "returnCode", code).body().get("token").asText();
        String conversationId = DropInIT.conversationOf(token);
        var therapist = DropInIT.therapistIn(server, conversationId);
        send(therapist, "Hej! Jag heter Kim och är kurator. Vill du berätta mer?");
        therapist.close();

        try (var other = Browser.start()) {
            other.open(page("ung"));
            other.await(d -> other.one("#return-card").isDisplayed());
            other.one("#return-code").sendKeys(code.toUpperCase().replace("-", " "), Keys.ENTER);
            other.await(Duration.ofSeconds(15), d -> other.texts(".chat-log .chat-text").equals(java.util.List.of(
                    "Jag har det jobbigt hemma.", "Hej! Jag heter Kim och är kurator. Vill du berätta mer?")));
            other.screenshot("drop-in-returned-by-code");

            other.driver().navigate().refresh();
            other.await(Duration.ofSeconds(15), d -> other.texts(".chat-log .chat-text").size() == 2);
            assertThat(other.all("#start-card:not([hidden])")).as("this browser now keeps the way back").isEmpty();
        }
    }

    @Test
    void theWholePageWorksWithTheKeyboardAlone() {
        try (var browser = Browser.start()) {
            browser.open(page("ung"));
            browser.await(d -> browser.one("#start-card").isDisplayed());
            var keys = new Actions(browser.driver());
            for (int i = 0; i < 20 && !"first-message".equals(activeId(browser)); i++) {
                keys.sendKeys(Keys.TAB).perform();
            }
            assertThat(activeId(browser)).isEqualTo("first-message");
            keys.sendKeys("Hej, jag skriver med tangentbordet.").perform();
            keys.sendKeys(Keys.TAB).perform();
            assertThat(activeId(browser)).isEqualTo("start");
            keys.sendKeys(Keys.ENTER).perform();
            browser.await(d -> browser.one("#code-card").isDisplayed());
            browser.await(d -> "code-heading".equals(activeId(browser)));
            browser.await(d -> browser.texts(".chat-log .chat-text").size() == 1);
            browser.one(".chat-input").sendKeys("Och ett till.", Keys.ENTER);
            browser.await(d -> browser.all(".chat-log .chat-msg.mine:not(.pending)").size() == 2);
        }
    }

    @Test
    void refusalsAreShownKindlyInPlainWords() {
        try (var browser = Browser.start()) {
            browser.open(page("once"));
            browser.await(d -> browser.one("#start-card").isDisplayed());
            browser.one("#start").click();
            browser.await(d -> browser.text("problem").equals("Skriv något först."));

            browser.one("#return-code").sendKeys("apa boll bil bok tiger", Keys.ENTER);
            browser.await(d -> browser.text("problem").startsWith("Vi hittar ingen chatt med den koden."));

            browser.one("#first-message").sendKeys("Första");
            browser.one("#start").click();
            browser.await(d -> browser.one("#code-card").isDisplayed());
        }
        try (var second = Browser.start()) {
            second.open(page("once"));
            second.await(d -> second.one("#start-card").isDisplayed());
            second.one("#first-message").sendKeys("Andra");
            second.one("#start").click();
            second.await(d -> second.text("problem").startsWith("Många har skrivit just nu."));
            assertThat(second.one("#problem").getAttribute("role")).isEqualTo("alert");
            second.one("#language").click();
            second.await(d -> second.text("problem").startsWith("Many people have written just now."));
            assertThat(second.seriousAccessibilityViolations()).isEmpty();
            second.screenshot("drop-in-rate-limited-english");
        }
        assertThat(server.get("/drop-in/no-such-entry").status()).as("the page itself").isEqualTo(200);
        try (var browser = Browser.start()) {
            browser.open(page("no-such-entry"));
            browser.await(d -> browser.text("problem").equals("Den här chatten finns inte. Kontrollera adressen."));
        }
    }

    @Test
    void aNewUserWritesThroughTheDemosDropInAnswersFromTheDemosInboxAndComesBackWithTheCodeInAnotherBrowser() {
        try (var demo = TestServer.start(config -> {
            config.put("demo", true);
            TestServer.tenant(config).put("id", "demo");
            TestServer.tenant(config).set("dropIn", demoDropIn());
        }); var young = Browser.start(); var staff = Browser.start()) {
            young.open(demo.baseUri() + "/demo");
            String href = young.one("#drop-in-link").getAttribute("href");
            assertThat(href).endsWith("/drop-in/demo");
            young.open(href);
            young.await(d -> young.one("#start-card").isDisplayed());
            assertThat(young.text("entry-title")).isEqualTo("Chatta med Ungdomsmottagningen (demo)");
            assertThat(young.texts("#where-to-turn li")).anySatisfy(p -> assertThat(p).contains("BRIS", "116 111"))
                    .anySatisfy(p -> assertThat(p).contains("112")).anySatisfy(p -> assertThat(p).contains("1177"));
            young.one("#first-message").sendKeys("Hej, jag testar.");
            young.one("#start").click();
            young.await(d -> !young.text("my-code").isBlank());
            String code = young.text("my-code");
            young.screenshot("demo-drop-in");

            staff.open(demo.baseUri() + "/demo");
            staff.one("#open-inbox").click();
            staff.await(d -> staff.one("#inbox-link-box").isDisplayed());
            staff.open(staff.one("#inbox-link").getAttribute("href"));
            staff.await(d -> staff.all("#queue li button.claim").size() == 1);
            staff.one("#queue li button.claim").click();
            staff.await(d -> staff.texts("#open-card .chat-log .chat-text").equals(List.of("Hej, jag testar.")));
            staff.one("#open-card .chat-input").sendKeys("Hej! Tove här.", Keys.ENTER);
            staff.await(d -> staff.all("#open-card .chat-log .chat-msg.mine:not(.pending)").size() == 1);

            try (var other = Browser.start()) {
                other.open(demo.baseUri() + "/drop-in/demo");
                other.await(d -> other.one("#return-card").isDisplayed());
                other.one("#return-code").sendKeys(code, Keys.ENTER);
                other.await(Duration.ofSeconds(15), d -> other.texts(".chat-log .chat-text").equals(List.of("Hej, jag testar.",
                        "Hej! Tove här.")));
            }
        }
    }

    /** What demo mode configures for drop-in (its secrets go to a directory removed at once). */
    private static com.fasterxml.jackson.databind.JsonNode demoDropIn() {
        java.nio.file.Path dir;
        try {
            dir = java.nio.file.Files.createTempDirectory("samtal-demo-config");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try {
            return se.samtal.server.demo.DemoMode.prepare(dir).config().get("tenants").get(0).get("dropIn");
        } finally {
            TestServer.deleteRecursively(dir);
        }
    }

    private static String activeId(Browser browser) {
        return (String) browser.script("return document.activeElement && document.activeElement.id;");
    }
}
