package se.samtal.server.testing;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Headless Chromium driven through ChromeDriver (Debian's {@code chromium} and
 * {@code chromium-driver}; bin/test installs them), with a fresh profile that is removed on close.
 */
public final class Browser implements AutoCloseable {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static Browser start() {
        try {
            Path profile = Files.createTempDirectory("samtal-chromium");
            var options = new ChromeOptions();
            options.setBinary("/usr/bin/chromium");
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--user-data-dir=" + profile, "--window-size=1000,1300", "--lang=sv-SE");
            var service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver")).build();
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

    /** Saves a screenshot as target/screenshots/{name}.png (kept for people to look at). */
    public void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
