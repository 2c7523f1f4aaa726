package se.samtal.server.testing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser tests' accessibility check ({@link Browser#seriousAccessibilityViolations()}) finds
 * serious violations: every page's "no violations" assertion would pass if it could not.
 */
class AccessibilityCheckIT {

    @Test
    void theCheckFindsAnImageWithoutTextAndAButtonWithoutAName() {
        try (Browser browser = Browser.start()) {
            browser.open("data:text/html;charset=utf-8,<!doctype html><html lang=sv><title>t</title>"
                    + "<main><img src='data:,'><button></button></main></html>");
            assertThat(browser.seriousAccessibilityViolations())
                    .anyMatch(line -> line.startsWith("image-alt"))
                    .anyMatch(line -> line.startsWith("button-name"));
        }
    }
}
