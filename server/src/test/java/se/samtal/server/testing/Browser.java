package se.samtal.server.testing;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A real headless Chromium (Debian's chromium and chromium-driver) with a fresh profile and fake
 * camera and microphone, driven through WebDriver. Screenshots go to {@code target/screenshots}.
 */
public final class Browser implements AutoCloseable {
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static Browser start() {
        return start(1280, 900);
    }

    /** A browser with a window of this size in CSS pixels (390 × 844 is a phone). */
    public static Browser start(int width, int height) {
        try {
            Path profile = Files.createTempDirectory("samtal-chromium");
            var options = new ChromeOptions();
            options.setBinary("/usr/bin/chromium");
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--user-data-dir=" + profile,
                    "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                    "--autoplay-policy=no-user-gesture-required", "--window-size=" + width + "," + height);
            var service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
                    .usingAnyFreePort().build();
            return new Browser(new ChromeDriver(service, options), profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    /** Waits (at most ten seconds) until {@code condition} gives something other than null or false. */
    public <T> T await(Function<ChromeDriver, T> condition) {
        return await(Duration.ofSeconds(10), condition);
    }

    public <T> T await(Duration timeout, Function<ChromeDriver, T> condition) {
        // The page re-renders what it shows: an element found a moment ago may be gone; look again.
        return new WebDriverWait(driver, timeout).ignoring(StaleElementReferenceException.class)
                .until(ignored -> condition.apply(driver));
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** The text of every element matching {@code css}, read at one moment (again if the page re-rendered meanwhile). */
    public List<String> texts(String css) {
        return await(d -> all(css).stream().map(WebElement::getText).toList());
    }

    public WebElement one(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public void open(URI url) {
        driver.get(url.toString());
    }

    public WebElement visible(String id) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    public void click(String id) {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
    }

    /** Clicks the first element matching a CSS selector, once it can be clicked. */
    public void clickCss(String selector) {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.elementToBeClickable(By.cssSelector(selector))).click();
    }

    public String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    public boolean isShown(String id) {
        return driver.findElement(By.id(id)).isDisplayed();
    }

    public WebElement waitUntilText(String id, java.util.function.Predicate<String> matches) {
        return new WebDriverWait(driver, WAIT).until(d -> {
            WebElement element = d.findElement(By.id(id));
            return matches.test(element.getText()) ? element : null;
        });
    }

    /** The page's own read-out of the call ({@code window.samtal.callStats()}), or null while there is none. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> callStats() {
        Object stats = driver.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "if (!window.samtal) { done(null); return; }" // a page still loading
                        + "window.samtal.callStats().then(done, () => done(null));");
        return (Map<String, Object>) stats;
    }

    /** Whether the page is wider than the window (content would need sideways scrolling). */
    public boolean overflowsSideways() {
        return (Boolean) driver.executeScript(
                "return document.documentElement.scrollWidth > document.documentElement.clientWidth + 1;");
    }

    public Object script(String javascript, Object... arguments) {
        return driver.executeScript(javascript, arguments);
    }

    public Object script(String javascript) {
        return driver.executeScript(javascript);
    }

    /**
     * Runs {@code javascript} in every page this browser opens from now on (reloads too), before
     * the page's own scripts: a way to put the page in a situation (slow devices, lost signals)
     * deterministically.
     */
    public void beforeEveryPage(String javascript) {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", javascript));
    }

    /** Sends a Chrome DevTools Protocol command to the page (e.g. {@code Network.emulateNetworkConditions}). */
    public Map<String, Object> devTools(String command, Map<String, Object> parameters) {
        return driver.executeCdpCommand(command, parameters);
    }

    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** axe-core's serious and critical violations on the page as it is now, one line each. */
    public List<String> seriousAccessibilityViolations() {
        // Legacy mode: axe runs in the page itself. The default path opens an about:blank window
        // under a page-load timeout of one second, which a renderer busy with a call of four on
        // two cores missed ("switchToWindow failed", axe-core-maven-html#645). samtal's pages
        // have no frames, which is all the default path adds.
        Results results = new AxeBuilder().setLegacyMode(true).analyze(driver);
        return results.getViolations().stream()
                .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
                .map(Browser::describe)
                .toList();
    }

    private static String describe(Rule rule) {
        return rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + " at "
                + rule.getNodes().stream().map(n -> String.valueOf(n.getTarget())).toList();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            TestServer.deleteRecursively(profile);
        }
    }
}
