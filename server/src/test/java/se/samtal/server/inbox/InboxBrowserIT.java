package se.samtal.server.inbox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import se.samtal.server.testing.Browser;
import se.samtal.server.testing.TestServer;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The inbox and the drop-in page in two real headless Chromiums: a therapist answers a young person. */
class InboxBrowserIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(config -> {
            se.samtal.server.dropin.DropInTestingAccess.entry(config, "ung", 100, 100);
            se.samtal.server.dropin.DropInTestingAccess.entry(config, "ung2", 100, 100);
        });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void write(Browser young, String text) {
        write(young, "ung", text);
    }

    private static void write(Browser young, String entry, String text) {
        young.open(server.baseUri() + "/drop-in/" + entry);
        young.await(d -> young.one("#start-card").isDisplayed());
        young.one("#first-message").sendKeys(text);
        young.one("#start").click();
        young.await(d -> young.texts(".chat-log .chat-text").equals(List.of(text)));
    }

    @Test
    void aTherapistClaimsInTheInboxAnswersOffersAVisitAndThePersonJoinsThroughTheButton() {
        try (var young = Browser.start(390, 844); var staff = Browser.start()) {
            write(young, "Jag vill prata med någon om skolan.");

            staff.open(server.baseUri() + "/inbox#" + InboxTesting.staffToken(server, "staff-kim", "Kurator Kim", List.of("ung")));
            staff.await(d -> staff.all("#queue li button.claim").size() >= 1);
            assertThat(staff.driver().getCurrentUrl()).as("the token leaves the address bar").doesNotContain("#");
            assertThat(staff.texts("#queue li .meta")).singleElement().asString().startsWith("har väntat");
            assertThat(staff.seriousAccessibilityViolations()).as("the inbox").isEmpty();

            staff.one("#queue li button.claim").click();
            staff.await(d -> staff.one("#open-card").isDisplayed());
            staff.await(d -> staff.texts("#open-card .chat-log .chat-text").equals(List.of("Jag vill prata med någon om skolan.")));
            staff.await(d -> staff.texts("#queue li .meta").stream().anyMatch(t -> t.equals("Din")) || staff.all("#queue li").size() == 1);
            staff.one("#open-card .chat-input").sendKeys("Hej! Jag heter Kim och är kurator. Berätta mer.", Keys.ENTER);
            young.await(Duration.ofSeconds(15), d -> young.texts(".chat-log .chat-text").size() == 2);
            assertThat(young.texts(".chat-log .chat-text").get(1)).isEqualTo("Hej! Jag heter Kim och är kurator. Berätta mer.");
            // Who is there now: the person is told the care team is online, next to the reply-time promise;
            // the therapist sees the person online (the panels ask every 15 seconds).
            young.await(Duration.ofSeconds(20), d -> young.texts("#chat .chat-expectations p").contains(
                    "Någon från vårdteamet är inloggad just nu."));
            assertThat(young.texts("#chat .chat-expectations p").get(1)).isEqualTo("Någon från vårdteamet är inloggad just nu.");
            staff.await(Duration.ofSeconds(20), d -> staff.texts("#open-card .chat-online").equals(List.of("Inloggade nu: Patient.")));

            staff.one("#offer-visit").click();
            staff.await(d -> staff.one("#visit-link-box").isDisplayed());
            assertThat(staff.one("#visit-link").getAttribute("href")).contains("/join#");
            assertThat(staff.seriousAccessibilityViolations()).as("the inbox with a conversation open").isEmpty();
            staff.screenshot("inbox-conversation");

            young.await(Duration.ofSeconds(15), d -> young.one("#visit-box").isDisplayed());
            assertThat(young.seriousAccessibilityViolations()).as("the drop-in page with the visit button").isEmpty();
            young.screenshot("drop-in-visit-offered");
            young.one("#visit-button").click();
            young.await(Duration.ofSeconds(15), d -> d.getCurrentUrl().contains("/join"));
            young.visible("screen-check");
            young.screenshot("drop-in-joins-visit");
        }
    }

    @Test
    void aColleagueSeesItTakenAndTheInboxWorksWithTheKeyboardAlone() {
        try (var young = Browser.start(); var kim = Browser.start(); var lo = Browser.start()) {
            write(young, "ung2", "Hej, jag skriver igen.");
            kim.open(server.baseUri() + "/inbox#" + InboxTesting.staffToken(server, "staff-kim2", "Kurator Kim", List.of("ung2")));
            lo.open(server.baseUri() + "/inbox#" + InboxTesting.staffToken(server, "staff-lo", "Sjuksköterska Lo", List.of("ung2")));
            kim.await(d -> kim.all("#queue li button.claim").size() == 1);

            var keys = new Actions(kim.driver());
            for (int i = 0; i < 20 && !isClaimButton(kim); i++) {
                keys.sendKeys(Keys.TAB).perform();
            }
            assertThat(isClaimButton(kim)).as("the claim button is reached with Tab").isTrue();
            keys.sendKeys(Keys.ENTER).perform();
            kim.await(d -> kim.one("#open-card").isDisplayed());
            kim.await(d -> "open-heading".equals(kim.script("return document.activeElement.id;")));
            for (int i = 0; i < 20 && !"chat-input".equals(kim.script("return document.activeElement.className.split(' ')[0];")); i++) {
                keys.sendKeys(Keys.TAB).perform();
            }
            keys.sendKeys("Hej, jag är här.", Keys.ENTER).perform();
            young.await(Duration.ofSeconds(15), d -> young.texts(".chat-log .chat-text").size() == 2);

            lo.await(Duration.ofSeconds(15), d -> lo.texts("#queue li .meta").stream().anyMatch(t -> t.equals("Tagen av Kurator Kim")));
            assertThat(lo.all("#queue li button.claim")).as("nothing to take").isEmpty();
            lo.screenshot("inbox-taken-by-colleague");

            new Select(kim.one("#closing-code")).selectByValue("self_care");
            kim.one("#close").click();
            kim.await(d -> kim.text("status").equals("Konversationen är avslutad."));
            lo.await(Duration.ofSeconds(15), d -> lo.all("#queue li").isEmpty());
        }
    }

    private static boolean isClaimButton(Browser browser) {
        return Boolean.TRUE.equals(browser.script("return document.activeElement.classList.contains('claim');"));
    }
}
